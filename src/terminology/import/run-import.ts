/**
 * Runs one import: reads a distribution with its format's importer and writes the system file into
 * `DATA_DIR/terminology/`, replacing an earlier import of the same system. A running gateway picks it
 * up when it next starts. Answers what was done, with the rate.
 * https://hl7.org/fhir/R4/terminology-service.html
 */
import { existsSync, mkdirSync, statSync } from 'node:fs';
import { notFound } from '../../core/outcomes.js';
import { importCvx } from './cvx.js';
import { importIcd10cm } from './icd10cm.js';
import type { ImportInput, ParsedSystem } from './import-input.js';
import type { ImportFormat } from './imported-system.js';
import { importLoinc } from './loinc.js';
import { importNdc } from './ndc.js';
import type { ImportProgress } from './progress.js';
import { releaseFile } from './release-files.js';
import { importRxnorm } from './rxnorm.js';
import { importSnomed } from './snomed.js';
import { importedTerminologyDir, writeSystemFile } from './system-file.js';

export { importedTerminologyDir } from './system-file.js';

const IMPORTERS: Record<ImportFormat, (input: ImportInput) => Promise<ParsedSystem>> = {
  loinc: importLoinc,
  icd10cm: importIcd10cm,
  rxnorm: importRxnorm,
  cvx: importCvx,
  snomed: importSnomed,
  ndc: importNdc,
};

/** One import to run. */
export interface ImportRequest {
  readonly format: ImportFormat;
  readonly path: string;
  readonly dataDir: string;
  readonly version?: string;
  readonly progress: ImportProgress;
  readonly clock?: () => Date;
}

/** What an import did. */
export interface ImportSummary {
  readonly format: ImportFormat;
  readonly url: string;
  readonly version?: string;
  readonly concepts: number;
  readonly inactive: number;
  readonly withParents: number;
  readonly rows: number;
  readonly seconds: number;
  readonly rowsPerSecond: number;
  readonly file: string;
}

/** The one-file formats: the file a folder path is searched for. */
const SINGLE_FILE: Partial<Record<ImportFormat, RegExp>> = {
  loinc: /^Loinc\.csv$/i,
  icd10cm: /^icd10cm[-_]order.*\.txt$/i,
  cvx: /^cvx.*\.txt$/i,
};

/** Imports `req.path` as `req.format`. Bad input (a missing file, a malformed row) throws OperationOutcomeError. */
export async function runImport(req: ImportRequest): Promise<ImportSummary> {
  const started = performance.now();
  const pattern = SINGLE_FILE[req.format];
  const path = pattern === undefined || !isDirectory(req.path) ? req.path : releaseFile(req.path, pattern, `${req.format} file`);
  if (!existsSync(path)) throw notFound(`${path} does not exist`);
  const parsed = await IMPORTERS[req.format]({ path, progress: req.progress, ...(req.version !== undefined && { version: req.version }) });
  const dir = importedTerminologyDir(req.dataDir);
  mkdirSync(dir, { recursive: true });
  const header = { ...parsed.header, count: parsed.concepts.length, importedAt: (req.clock ?? (() => new Date()))().toISOString() };
  const file = await writeSystemFile(dir, header, parsed.concepts);
  const seconds = (performance.now() - started) / 1000;
  return {
    format: req.format,
    url: header.url,
    ...(header.version !== undefined && { version: header.version }),
    concepts: parsed.concepts.length,
    inactive: parsed.concepts.filter((c) => c.inactive === true).length,
    withParents: parsed.concepts.filter((c) => (c.parents?.length ?? 0) > 0).length,
    rows: parsed.rows,
    seconds: Math.round(seconds * 1000) / 1000,
    rowsPerSecond: Math.round(parsed.rows / Math.max(seconds, 1e-6)),
    file,
  };
}

function isDirectory(path: string): boolean {
  try {
    return statSync(path).isDirectory();
  } catch {
    return false;
  }
}
