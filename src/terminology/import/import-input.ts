/**
 * What each format importer takes and gives: a path (file or release folder), an optional version,
 * a progress sink → a parsed system (header fields, concepts, rows read).
 */
import type { ImportedConcept, ImportedSystemHeader } from './imported-system.js';
import type { ImportProgress } from './progress.js';

/** Importer input. */
export interface ImportInput {
  /** The distribution file, or the folder holding it (RxNorm `rrf/`, SNOMED `Snapshot/`). */
  readonly path: string;
  /** Overrides the version read from file names (if any). */
  readonly version?: string;
  readonly progress: ImportProgress;
}

/** Importer output (count and import time are added when the file is written). */
export interface ParsedSystem {
  readonly header: Omit<ImportedSystemHeader, 'count' | 'importedAt'>;
  readonly concepts: ImportedConcept[];
  /** Rows (lines or records) read from every file. */
  readonly rows: number;
}
