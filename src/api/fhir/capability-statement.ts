/**
 * Builds the server's CapabilityStatement from the search parameter registry and the interactions
 * this API really implements (kept in step with `router.ts`).
 * https://hl7.org/fhir/R4/capabilitystatement.html
 */
import type { CapabilityStatement, CapabilityStatementRestResource } from 'fhir/r4.js';
import { UNSUPPORTED_SEARCH_PARAMS } from '../../core/search/parse.js';
import type { SearchParamDef, SearchParamRegistry } from '../../core/search/types.js';

const TYPE_INTERACTIONS = ['read', 'vread', 'update', 'patch', 'delete', 'history-instance', 'history-type', 'create', 'search-type'] as const;

/** An operation listed on a resource (`rest.resource.operation`). */
export interface OperationEntry {
  readonly name: string;
  readonly definition: string;
}

const OPERATIONS: readonly OperationEntry[] = [
  { name: 'validate', definition: 'http://hl7.org/fhir/OperationDefinition/Resource-validate' },
  { name: 'meta', definition: 'http://hl7.org/fhir/OperationDefinition/Resource-meta' },
  { name: 'meta-add', definition: 'http://hl7.org/fhir/OperationDefinition/Resource-meta-add' },
  { name: 'meta-delete', definition: 'http://hl7.org/fhir/OperationDefinition/Resource-meta-delete' },
];

/**
 * Parameters a search can really use: with an expression, not `special`, not refused by the parser
 * (`UNSUPPORTED_SEARCH_PARAMS`; the e2e suite checks every listed parameter answers 200).
 */
export function searchableParams(registry: SearchParamRegistry, type: string): SearchParamDef[] {
  return registry.forType(type).filter((p) => p.expression !== undefined && p.type !== 'special' && !UNSUPPORTED_SEARCH_PARAMS.has(p.code));
}

/** `_list` is handled by the parser itself (no SearchParameter resource defines it in R4). https://hl7.org/fhir/R4/search.html#list */
const LIST_PARAM = { name: '_list', type: 'special', documentation: 'Resources referenced by the entries of the List with this id' } as const;

export interface CapabilityOptions {
  /** Absolute FHIR base (`implementation.url`). */
  readonly fhirBase: string;
  /** Absolute OAuth endpoints for the SMART `oauth-uris` extension. */
  readonly tokenUrl: string;
  /** When the statement was generated (`date`). */
  readonly date: Date;
  readonly softwareVersion: string;
}

/**
 * The resource entries; computed once per registry (independent of the base URL). `extraOperations`
 * adds type-specific operations (e.g. `ValueSet` `$expand`).
 */
export function restResources(
  registry: SearchParamRegistry,
  types: readonly string[],
  extraOperations: ReadonlyMap<string, readonly OperationEntry[]> = new Map(),
): CapabilityStatementRestResource[] {
  const revIncludes = new Map<string, string[]>();
  for (const source of types) {
    for (const def of searchableParams(registry, source)) {
      if (def.type !== 'reference') continue;
      for (const target of def.target) {
        const list = revIncludes.get(target) ?? [];
        list.push(`${source}:${def.code}`);
        revIncludes.set(target, list);
      }
    }
  }
  return types.map((type) => {
    const params = searchableParams(registry, type);
    return {
      type,
      profile: `http://hl7.org/fhir/StructureDefinition/${type}`,
      interaction: TYPE_INTERACTIONS.map((code) => ({ code })),
      versioning: 'versioned-update',
      readHistory: true,
      updateCreate: true,
      conditionalCreate: true,
      conditionalRead: 'not-supported',
      conditionalUpdate: true,
      conditionalDelete: 'multiple',
      referencePolicy: ['literal', 'local'],
      searchInclude: ['*', ...params.filter((p) => p.type === 'reference').map((p) => `${type}:${p.code}`)],
      searchRevInclude: revIncludes.get(type) ?? [],
      searchParam: [...params.map((p) => ({ name: p.code, definition: p.url, type: p.type })), LIST_PARAM],
      operation: [...OPERATIONS, ...(extraOperations.get(type) ?? [])],
    };
  });
}

/** The full statement for one base URL. */
export function capabilityStatement(resources: CapabilityStatementRestResource[], o: CapabilityOptions): CapabilityStatement {
  return {
    resourceType: 'CapabilityStatement',
    status: 'active',
    date: o.date.toISOString(),
    publisher: 'LyfeAI',
    kind: 'instance',
    software: { name: 'LyfeAI Gateway', version: o.softwareVersion },
    implementation: { description: 'LyfeAI Gateway FHIR R4 server', url: o.fhirBase },
    fhirVersion: '4.0.1',
    format: ['application/fhir+json', 'json'],
    patchFormat: ['application/json-patch+json', 'application/fhir+json'],
    rest: [
      {
        mode: 'server',
        security: {
          cors: false,
          service: [
            {
              coding: [{ system: 'http://terminology.hl7.org/CodeSystem/restful-security-service', code: 'SMART-on-FHIR' }],
              text: 'OAuth2 using SMART-on-FHIR profile (see http://docs.smarthealthit.org)',
            },
          ],
          extension: [
            {
              url: 'http://fhir-registry.smarthealthit.org/StructureDefinition/oauth-uris',
              extension: [{ url: 'token', valueUri: o.tokenUrl }],
            },
          ],
        },
        resource: resources,
        interaction: [{ code: 'transaction' }, { code: 'batch' }, { code: 'search-system' }, { code: 'history-system' }],
        // `$meta` at system level; `$reindex` is an admin operation without a published definition.
        operation: [{ name: 'meta', definition: 'http://hl7.org/fhir/OperationDefinition/Resource-meta' }],
      },
    ],
  };
}
