/**
 * RxNorm from the RRF release: `RXNCONSO.RRF` (pipe-delimited: RXCUI|LAT|TS|LUI|STT|SUI|ISPREF|RXAUI|
 * SAUI|SCUI|SDUI|SAB|TTY|CODE|STR|SRL|SUPPRESS|CVF|), rows with SAB=RXNORM only. The display is the
 * name of the concept's main term type (SCD, SBD, IN, …, synonyms last); other names are designations.
 * A concept whose every row is suppressed (SUPPRESS ≠ N) is inactive. When `RXNREL.RRF` sits beside it,
 * its RXNORM `isa` rows give the hierarchy (RXCUI2 isa RXCUI1).
 * https://www.nlm.nih.gov/research/umls/rxnorm/docs/techdoc.html
 */
import { basename } from 'node:path';
import type { CodeSystemProperty } from 'fhir/r4.js';
import { unprocessable } from '../../core/outcomes.js';
import type { ImportInput, ParsedSystem } from './import-input.js';
import { COMMON_PROPERTIES, HIERARCHY_PROPERTIES, type ImportedConcept } from './imported-system.js';
import { readLines } from './line-reader.js';
import { releaseFile } from './release-files.js';

export const RXNORM_URL = 'http://www.nlm.nih.gov/research/umls/rxnorm';
/** Term types in the order their name is preferred as the display. */
const TTY_ORDER = ['SCD', 'SBD', 'GPCK', 'BPCK', 'SCDG', 'SBDG', 'SCDF', 'SBDF', 'SCDC', 'SBDC', 'IN', 'PIN', 'MIN', 'BN', 'DF', 'DFG', 'ET', 'PSN', 'SY', 'TMSY'];
const rank = (tty: string): number => {
  const i = TTY_ORDER.indexOf(tty);
  return i < 0 ? TTY_ORDER.length : i;
};
const PROPERTIES: readonly CodeSystemProperty[] = [
  ...COMMON_PROPERTIES, ...HIERARCHY_PROPERTIES,
  { code: 'TTY', uri: `${RXNORM_URL}/property/TTY`, type: 'code', description: 'Term type of the display name' },
];

interface Row { tty: string; str: string; suppressed: boolean }

/** Reads RXNCONSO.RRF (and RXNREL.RRF when present). */
export async function importRxnorm(input: ImportInput): Promise<ParsedSystem> {
  const conso = releaseFile(input.path, /^RXNCONSO\.RRF$/i, 'RXNCONSO.RRF');
  const rel = releaseFile(input.path, /^RXNREL\.RRF$/i, 'RXNREL.RRF', true);
  const names = new Map<string, Row[]>();
  let rows = 0;
  for await (const line of readLines(conso, input.progress)) {
    rows++;
    if (line === '') continue;
    const f = line.split('|');
    if (f.length < 17) throw unprocessable(`${conso}: line ${rows} has ${f.length} fields, expected 18`);
    if (f[11] !== 'RXNORM') continue;
    const cui = f[0] ?? '';
    const row: Row = { tty: f[12] ?? '', str: f[14] ?? '', suppressed: (f[16] ?? 'N') !== 'N' && f[16] !== '' };
    const list = names.get(cui);
    if (list === undefined) names.set(cui, [row]);
    else list.push(row);
  }
  const concepts = new Map<string, ImportedConcept>();
  for (const [code, list] of names) concepts.set(code, concept(code, list));
  let hierarchical = false;
  if (rel !== undefined) {
    for await (const line of readLines(rel, input.progress)) {
      rows++;
      const f = line.split('|');
      if (f[7] !== 'isa' || f[10] !== 'RXNORM') continue;
      const parent = concepts.get(f[0] ?? '');
      const child = concepts.get(f[4] ?? '');
      if (parent === undefined || child === undefined || parent === child) continue;
      hierarchical = true;
      const parents = (child.parents ??= []);
      if (!parents.includes(parent.code)) parents.push(parent.code);
    }
  }
  return {
    header: {
      format: 'rxnorm', url: RXNORM_URL, name: 'RxNorm', title: 'RxNorm',
      ...(input.version !== undefined && { version: input.version }),
      hierarchical, properties: PROPERTIES, sources: [conso, ...(rel === undefined ? [] : [rel])].map((p) => basename(p)),
    },
    concepts: [...concepts.values()],
    rows,
  };
}

function concept(code: string, rows: readonly Row[]): ImportedConcept {
  const live = rows.filter((r) => !r.suppressed);
  const pool = live.length > 0 ? live : rows;
  const main = [...pool].sort((a, b) => rank(a.tty) - rank(b.tty))[0] as Row;
  const c: ImportedConcept = { code, display: main.str, properties: { TTY: main.tty } };
  const seen = new Set([main.str]);
  for (const r of pool) {
    if (seen.has(r.str)) continue;
    seen.add(r.str);
    (c.designations ??= []).push({ value: r.str, use: { code: r.tty } });
  }
  if (live.length === 0) c.inactive = true;
  return c;
}
