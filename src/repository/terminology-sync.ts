/**
 * Keeps the terminology service's content in step with the store: CodeSystem, ValueSet and ConceptMap
 * resources written through the repository are put into (or removed from) the content registry once
 * their transaction has committed, and the stored ones are loaded at boot. The previous version of each
 * written resource is read first, so a changed url or version replaces the old entry.
 * https://hl7.org/fhir/R4/terminology-service.html
 */
import type { CodeSystem, ConceptMap, Resource, ValueSet } from 'fhir/r4.js';
import type { SearchRequest } from '../core/search/types.js';
import type { FhirStoreReader, FhirStoreTransaction, ResourceVersion } from '../ports/fhir-store.js';

/** The terminology resource types mirrored into the content registry. */
export type TerminologyResourceType = 'CodeSystem' | 'ValueSet' | 'ConceptMap';

const TERM_TYPES: ReadonlySet<string> = new Set<TerminologyResourceType>(['CodeSystem', 'ValueSet', 'ConceptMap']);

/** What the repository needs of a content registry (`TerminologyContent` of terminology/local fits). */
export interface TerminologyContentSink {
  put(resource: CodeSystem | ValueSet | ConceptMap): boolean;
  remove(type: TerminologyResourceType, url: string, version?: string): boolean;
}

/** One committed change: the resource before (if it was live) and after (undefined for a delete). */
export interface TerminologyChange {
  readonly before: Resource | undefined;
  readonly after: Resource | undefined;
}

/** True for the types mirrored into the registry. */
export function isTerminologyType(type: string): type is TerminologyResourceType {
  return TERM_TYPES.has(type);
}

/**
 * Wraps `tx` so writes of terminology resources are recorded in `changes` (with the version they
 * replace), to be applied by `applyTerminologyChanges` after the commit.
 */
export function recordTerminologyChanges(tx: FhirStoreTransaction, changes: TerminologyChange[]): FhirStoreTransaction {
  return {
    read: (type, id) => tx.read(type, id),
    vread: (type, id, vid) => tx.vread(type, id, vid),
    search: (request) => tx.search(request),
    history: (query) => tx.history(query),
    referrers: (type, id, limit) => tx.referrers(type, id, limit),
    write: async (version: ResourceVersion) => {
      if (!isTerminologyType(version.resourceType)) {
        await tx.write(version);
        return;
      }
      const current = await tx.read(version.resourceType, version.id);
      await tx.write(version);
      changes.push({ before: current?.deleted === false ? current.resource : undefined, after: version.resource });
    },
  };
}

/** Applies committed changes to the content registry, in order. */
export function applyTerminologyChanges(sink: TerminologyContentSink, changes: readonly TerminologyChange[]): void {
  for (const { before, after } of changes) {
    const old = asTerm(before);
    if (old?.url !== undefined) sink.remove(old.resourceType, old.url, old.version);
    const next = asTerm(after);
    if (next !== undefined) sink.put(next);
  }
}

/** Puts every stored terminology resource into the registry (at boot); answers how many. */
export async function loadStoredTerminology(sink: TerminologyContentSink, reader: FhirStoreReader, pageSize: number): Promise<number> {
  let n = 0;
  for (const type of TERM_TYPES) {
    const request: SearchRequest = {
      resourceTypes: [type], filters: [], compartment: undefined, sort: [], count: pageSize, cursor: undefined,
      total: 'none', summary: undefined, elements: undefined, include: [], revinclude: [], selfParams: [],
    };
    let cursor: string | undefined;
    do {
      const page = await reader.search({ ...request, cursor });
      for (const resource of page.resources) {
        const term = asTerm(resource);
        if (term !== undefined && sink.put(term)) n++;
      }
      cursor = page.nextCursor;
    } while (cursor !== undefined);
  }
  return n;
}

function asTerm(resource: Resource | undefined): CodeSystem | ValueSet | ConceptMap | undefined {
  // The store holds schema-validated resources: the resourceType tells the shape.
  return resource !== undefined && isTerminologyType(resource.resourceType) ? (resource as CodeSystem | ValueSet | ConceptMap) : undefined;
}
