/**
 * Where the corpus tests find the shared corpus: `CORPUS_DIR` (default `../shared/corpus`, relative to
 * the repository root). Files are read in place, never copied into the repo.
 */
import { readdirSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';

/** The repository root. */
export const repoRoot = resolve(import.meta.dirname, '../..');

/** The corpus folder (it may be absent: each corpus test says so plainly). */
export const corpusDir = resolve(repoRoot, process.env['CORPUS_DIR'] ?? '../shared/corpus');

/** HL7 v2 message files under `dir`: `.hl7` and the IG's `.txt` samples (license texts excluded), sorted. */
export function hl7v2MessageFiles(dir: string): string[] {
  const out: string[] = [];
  for (const name of readdirSync(dir)) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) {
      if (name !== 'licenses') out.push(...hl7v2MessageFiles(path));
    } else if (/\.(hl7|txt)$/i.test(name)) out.push(path);
  }
  return out.sort();
}
