/**
 * The shipped V2-to-FHIR ConceptMaps as files: every `*.csv` of the IG's `mappings/codesystems`
 * folder → `<id>.json` (2-space JSON, trailing newline). Used by `scripts/build-v2-conceptmaps.ts`
 * and by the test that checks the committed files are up to date.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { convertV2Sheets } from './v2-table-concept-map.js';

/** Rendered files by name, and the content issues by sheet. */
export interface RenderedV2Maps {
  readonly files: ReadonlyMap<string, string>;
  readonly issues: readonly string[];
  readonly elements: number;
  readonly unmatched: number;
}

/** Converts every sheet in `csvDir` (sorted by name). */
export function renderV2ConceptMaps(csvDir: string): RenderedV2Maps {
  const names = readdirSync(csvDir).filter((f) => f.endsWith('.csv')).sort();
  const converted = convertV2Sheets(names.map((fileName) => ({ fileName, csv: readFileSync(join(csvDir, fileName), 'utf8') })));
  const files = new Map<string, string>();
  const issues: string[] = [];
  let elements = 0;
  let unmatched = 0;
  for (const c of converted) {
    issues.push(...c.issues.map((i) => `${c.fileName}: ${i}`));
    if (c.value === undefined) continue;
    files.set(`${c.value.id ?? ''}.json`, JSON.stringify(c.value, null, 2) + '\n');
    for (const g of c.value.group ?? []) {
      elements += g.element.length;
      unmatched += g.element.filter((e) => e.target?.every((t) => t.equivalence === 'unmatched') ?? true).length;
    }
  }
  return { files, issues, elements, unmatched };
}
