/**
 * Code mapping for the ingestion pipeline: `createTerminologyMapping` builds the CodeMapper translators
 * receive in their context (per-integration ConceptMaps first, then the shipped ones), the mapping-gap
 * report behind `GET /admin/api/terminology/unmapped`, and its persistence in `DATA_DIR`.
 * https://hl7.org/fhir/R4/conceptmap-operation-translate.html
 */
import { join } from 'node:path';
import type { LocalTerminologyService } from '../local/local-terminology-service.js';
import { ConceptMapCodeMapper } from './concept-map-code-mapper.js';
import { JsonFileGapStore, type GapStore } from './gap-file-store.js';
import { startGapPersistence } from './gap-persistence.js';
import { MappingGapTable } from './mapping-gaps.js';

export { ConceptMapCodeMapper } from './concept-map-code-mapper.js';
export { MappingGapTable, type GapPage, type GapQuery, type MappingGap } from './mapping-gaps.js';
export { JsonFileGapStore, MemoryGapStore, type GapStore } from './gap-file-store.js';
export { integrationContext, integrationsOf, INTEGRATION_SYSTEM, SOURCE_CONTEXT_CODE, USAGE_CONTEXT_TYPE_SYSTEM } from './integration-context.js';
export {
  CONCEPT_MAP_VERSION_TAG_SYSTEM, conceptMapVersionTags, recordingCodeMapper, unmappedIssue, UNMAPPED_CODE_ISSUE, withConceptMapVersionTags,
} from '../../core/code-mapping.js';

/** The gap report file in DATA_DIR. */
export const GAP_FILE_NAME = 'mapping-gaps.json';

/** What `createTerminologyMapping` builds. */
export interface TerminologyMapping {
  /** The CodeMapper to hand to translators (via the pipeline's translation context). */
  readonly mapper: ConceptMapCodeMapper;
  /** The mapping-gap report. */
  readonly gaps: MappingGapTable;
  /** Saves the gap report now (when it changed). */
  flush(): Promise<void>;
  /** Stops periodic saving and saves once more (graceful shutdown). */
  close(): Promise<void>;
}

/** Options of `createTerminologyMapping`. */
export interface TerminologyMappingOptions {
  readonly terminology: LocalTerminologyService;
  /** The gap report is kept in `DATA_DIR/mapping-gaps.json`; or give a `gapStore`. */
  readonly dataDir?: string;
  readonly gapStore?: GapStore;
  /** Epoch milliseconds (injected clock). */
  readonly now: () => number;
  /** Save period of the gap report (default 60 s). */
  readonly flushIntervalMs?: number;
  /** Most distinct gaps kept (default 10,000). */
  readonly gapCapacity?: number;
  /** A periodic save failed (log it). */
  readonly onError?: (e: unknown) => void;
}

/** Builds the mapper and the gap report (loading the saved report). */
export async function createTerminologyMapping(options: TerminologyMappingOptions): Promise<TerminologyMapping> {
  const gaps = new MappingGapTable(options.gapCapacity);
  const store = options.gapStore ?? (options.dataDir === undefined ? undefined : new JsonFileGapStore(join(options.dataDir, GAP_FILE_NAME)));
  const persistence = store === undefined ? undefined : await startGapPersistence({
    table: gaps, store, intervalMs: options.flushIntervalMs ?? 60_000, onError: options.onError ?? (() => undefined),
  });
  const mapper = new ConceptMapCodeMapper({ terminology: options.terminology, gaps, now: options.now });
  return {
    mapper,
    gaps,
    flush: () => persistence?.flush() ?? Promise.resolve(),
    close: () => persistence?.stop() ?? Promise.resolve(),
  };
}
