/**
 * Persists the mapping-gap report as a small JSON file (`DATA_DIR/mapping-gaps.json`), written to a
 * temporary file and renamed so a crash never leaves half a file. Chosen over a FHIR `Basic` resource:
 * the report is operational metadata, not clinical data — kept out of the clinical store, its history
 * and every FHIR client's searches, and rewriting it every minute costs no resource versions. With
 * several MongoDB-backed instances each keeps its own report (as each keeps its own `$reindex` jobs).
 */
import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import type { MappingGap } from './mapping-gaps.js';

/** Where the gap report is kept. */
export interface GapStore {
  /** The saved gaps ([] when none were saved yet). Entries that are not gaps are skipped. */
  load(): Promise<MappingGap[]>;
  save(gaps: readonly MappingGap[]): Promise<void>;
}

const FORMAT = 'lyfeai-mapping-gaps/1';

/** A GapStore in one JSON file. */
export class JsonFileGapStore implements GapStore {
  constructor(readonly path: string) {}

  async load(): Promise<MappingGap[]> {
    let text: string;
    try {
      text = await readFile(this.path, 'utf8');
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === 'ENOENT') return [];
      throw e;
    }
    const doc: unknown = JSON.parse(text);
    if (!isRecord(doc) || doc['format'] !== FORMAT || !Array.isArray(doc['gaps'])) throw new Error(`${this.path} is not a mapping-gap file`);
    return (doc['gaps'] as unknown[]).filter(isGap);
  }

  async save(gaps: readonly MappingGap[]): Promise<void> {
    await mkdir(dirname(this.path), { recursive: true });
    const tmp = `${this.path}.${process.pid}.tmp`;
    await writeFile(tmp, `${JSON.stringify({ format: FORMAT, gaps })}\n`, { mode: 0o600 });
    await rename(tmp, this.path);
  }
}

/** A GapStore in memory (tests, deployments that do not persist the report). */
export class MemoryGapStore implements GapStore {
  saved: readonly MappingGap[] = [];
  saves = 0;
  load(): Promise<MappingGap[]> {
    return Promise.resolve(this.saved.slice());
  }
  save(gaps: readonly MappingGap[]): Promise<void> {
    this.saved = gaps.slice();
    this.saves++;
    return Promise.resolve();
  }
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

const isInstant = (v: unknown): v is string => typeof v === 'string' && !Number.isNaN(Date.parse(v));

function isGap(v: unknown): v is MappingGap {
  return isRecord(v)
    && typeof v['source'] === 'string' && typeof v['system'] === 'string' && typeof v['code'] === 'string'
    && (v['display'] === undefined || typeof v['display'] === 'string')
    && typeof v['count'] === 'number' && Number.isInteger(v['count']) && v['count'] > 0
    && isInstant(v['firstSeen']) && isInstant(v['lastSeen']);
}
