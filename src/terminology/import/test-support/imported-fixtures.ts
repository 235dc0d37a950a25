/** Test helpers: import a fixture into a temp DATA_DIR and build a service over the imported layer. */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { TerminologyContent } from '../../local/content-registry.js';
import { LocalTerminologyService } from '../../local/local-terminology-service.js';
import { ImportedSystemsLayer } from '../imported-layer.js';
import type { ImportFormat } from '../imported-system.js';
import { silentProgress } from '../progress.js';
import { importedTerminologyDir, runImport, type ImportSummary } from '../run-import.js';

/** A fixture file or folder. */
export const fixture = (name: string): string => fileURLToPath(new URL(`../fixtures/${name}`, import.meta.url));

/** The fixture of each format. */
export const FIXTURES: Record<ImportFormat, string> = {
  loinc: fixture('Loinc.csv'),
  icd10cm: fixture('icd10cm_order_2025.txt'),
  rxnorm: fixture('rrf'),
  cvx: fixture('cvx.txt'),
  snomed: fixture('snomed'),
  ndc: fixture('ndc'),
};

/** A temp DATA_DIR with every fixture imported (or the ones named). */
export async function importedDataDir(formats: readonly ImportFormat[] = Object.keys(FIXTURES) as ImportFormat[]): Promise<{ dataDir: string; summaries: Map<ImportFormat, ImportSummary>; cleanup(): void }> {
  const dataDir = mkdtempSync(join(tmpdir(), 'lyfe-import-'));
  const summaries = new Map<ImportFormat, ImportSummary>();
  for (const format of formats) {
    summaries.set(format, await runImport({ format, path: FIXTURES[format], dataDir, progress: silentProgress, clock: () => new Date('2025-01-01T00:00:00Z') }));
  }
  return { dataDir, summaries, cleanup: () => rmSync(dataDir, { recursive: true, force: true }) };
}

/** A local terminology service whose only content is the imported systems of `dataDir`. */
export function serviceOver(dataDir: string): { service: LocalTerminologyService; layer: ImportedSystemsLayer } {
  const layer = new ImportedSystemsLayer(importedTerminologyDir(dataDir));
  return { layer, service: new LocalTerminologyService({ content: new TerminologyContent([layer]), clock: () => new Date('2025-01-01T00:00:00Z') }) };
}
