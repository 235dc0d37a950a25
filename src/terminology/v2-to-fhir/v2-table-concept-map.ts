/**
 * HL7 V2-to-FHIR code system mapping sheet (CSV) → R4 ConceptMap. Columns are found by their header
 * names (the sheets vary): v2 `Code`, `Text`, `Code System` (HL7nnnn), the condition columns, FHIR
 * `Code`, `Display`, `Code System`, and `Comments`. v2 codes without a FHIR code become `unmatched`
 * targets in a group without a target system (never an invented one); FHIR-only rows are skipped.
 * https://build.fhir.org/ig/HL7/v2-to-fhir/ and https://hl7.org/fhir/R4/conceptmap.html
 */
import type { ConceptMap, ConceptMapGroup, ConceptMapGroupElementTarget } from 'fhir/r4.js';
import { unprocessable } from '../../core/outcomes.js';
import { parseCsv } from './csv.js';

/** The IG's canonical base for its ConceptMaps. */
export const V2_MAPPINGS_BASE = 'http://hl7.org/fhir/uv/v2mappings/ConceptMap/';
/** The IG version the corpus sheets come from. */
export const V2_MAPPINGS_VERSION = '1.0.0';

/** One converted sheet. */
export interface V2SheetConversion {
  /** Undefined when the sheet has no v2 codes (nothing to map from). */
  readonly value: ConceptMap | undefined;
  /** Content problems, each with its CSV row (1-based). */
  readonly issues: readonly string[];
}

interface Columns { v2Code: number; v2Text: number; v2System: number; conditions: number[]; code: number; altDisplay: number | undefined; display: number; system: number; comment: number | undefined }

/** The concept name and qualifier from `HL7 Concept Map_ Name[Qualifier] - Sheet1.csv`. */
export function sheetName(fileName: string): { concept: string; qualifier: string | undefined } {
  const m = /^HL7 Concept Map_\s*(.+?)(?:\[(.+)\])?\s*-\s*Sheet\d*\.csv$/.exec(fileName);
  if (m === null) return { concept: fileName.replace(/\.csv$/, ''), qualifier: undefined };
  return { concept: (m[1] ?? '').trim(), qualifier: m[2]?.trim() };
}

/** `HL70001` (or the typo `HL0207`) → `0001`; undefined when it is not a v2 table id. */
export function v2TableNumber(id: string): string | undefined {
  const m = /^HL7?-?(\d{3,4})$/.exec(id.trim());
  return m?.[1]?.padStart(4, '0');
}

const slug = (s: string): string => s.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '');
const pascal = (s: string): string => s.split('-').map((p) => (p === '' ? '' : p[0]?.toUpperCase() + p.slice(1))).join('');
const lastSegment = (system: string): string => system.split(/[/:]/).filter((p) => p !== '').pop() ?? system;

/**
 * The ConceptMap id in the IG's style, `table-hl7<nnnn>-to-<target>` (target = the main FHIR code
 * system's last path segment); `qualify` inserts the sheet's qualifier when two sheets share an id.
 */
export function conceptMapId(table: string, mainTarget: string | undefined, qualifier?: string): string {
  const target = mainTarget === undefined ? 'unmapped' : slug(lastSegment(mainTarget));
  return `table-hl7${table}${qualifier === undefined ? '' : '-' + slug(qualifier)}-to-${target}`;
}

function columns(header1: readonly string[], header2: readonly string[]): Columns | string {
  const all = (name: string): number[] => header2.flatMap((h, i) => (h.trim().toLowerCase() === name ? [i] : []));
  const codes = all('code');
  const systems = all('code system');
  const [v2Code, code] = codes;
  const [v2System, system] = systems;
  const display = all('display')[0];
  const v2Text = all('text')[0];
  if (v2Code === undefined || code === undefined || v2System === undefined || system === undefined || display === undefined || v2Text === undefined) {
    return `header row 2 lacks Code / Text / Code System / Display columns: ${header2.join(',')}`;
  }
  const conditions = header2.flatMap((h, i) => (/^(computable|narrative)/i.test(h.trim()) ? [i] : []));
  const comment = header1.findIndex((h) => /^comments?$/i.test(h.trim()));
  return { v2Code, v2Text, v2System, conditions, code, altDisplay: header2[code + 1]?.trim() === '' ? code + 1 : undefined, display, system, comment: comment < 0 ? undefined : comment };
}

/** Converts one sheet; `id` overrides the derived id (used to disambiguate). */
export function convertV2Sheet(fileName: string, csvText: string, id?: string): V2SheetConversion {
  const issues: string[] = [];
  const rows = parseCsv(csvText);
  const cols = columns(rows[0] ?? [], rows[1] ?? []);
  if (typeof cols === 'string') throw unprocessable(`${fileName}: ${cols}`);
  const { concept, qualifier } = sheetName(fileName);
  const groups = new Map<string, ConceptMapGroup & { element: NonNullable<ConceptMapGroup['element']> }>();
  const targetCounts = new Map<string, number>();
  let table: string | undefined;
  rows.slice(2).forEach((raw, i) => {
    const rowNo = i + 3;
    const cell = (n: number | undefined): string => (n === undefined ? '' : (raw[n] ?? '').trim());
    const v2Code = cell(cols.v2Code);
    const code = cell(cols.code);
    if (v2Code === '') return; // FHIR-only rows list target codes nothing maps to
    const num = v2TableNumber(cell(cols.v2System));
    if (num === undefined) {
      issues.push(`row ${rowNo}: v2 code system "${cell(cols.v2System)}" is not an HL7 table id; row skipped`);
      return;
    }
    table ??= num;
    const source = `http://terminology.hl7.org/CodeSystem/v2-${num}`;
    const system = cell(cols.system);
    if (code !== '' && system === '') issues.push(`row ${rowNo}: FHIR code "${code}" has no code system; kept as unmatched`);
    const mapped = code !== '' && system !== '';
    const notes = [...cols.conditions.map((c) => cell(c)).filter((c) => c !== '').map((c) => `Condition: ${c}`), cell(cols.comment)].filter((c) => c !== '');
    const display = cell(cols.display) || cell(cols.altDisplay);
    const target: ConceptMapGroupElementTarget = mapped
      ? { code, ...(display !== '' && { display }), equivalence: 'equivalent', ...(notes.length > 0 && { comment: notes.join(' ') }) }
      : { equivalence: 'unmatched', ...(notes.length > 0 && { comment: notes.join(' ') }) };
    if (mapped) targetCounts.set(system, (targetCounts.get(system) ?? 0) + 1);
    const key = `${source}|${mapped ? system : ''}`;
    let group = groups.get(key);
    if (group === undefined) {
      group = { source, ...(mapped && { target: system }), element: [] };
      groups.set(key, group);
    }
    const text = cell(cols.v2Text);
    group.element.push({ code: v2Code, ...(text !== '' && { display: text }), target: [target] });
  });
  if (table === undefined) return { value: undefined, issues: [...issues, 'no v2 codes in the sheet; no ConceptMap made'] };
  // The map is named for its most used target system, other than the table's own v2 code system.
  const own = `http://terminology.hl7.org/CodeSystem/v2-${table}`;
  let main: string | undefined;
  for (const [system, n] of targetCounts) {
    if (main === undefined || (main === own && system !== own) || (system !== own && n > (targetCounts.get(main) ?? 0))) main = system;
  }
  const mapId = id ?? conceptMapId(table, main);
  const ordered = [...groups.values()].sort((a, b) => Number(a.target === undefined) - Number(b.target === undefined));
  const value: ConceptMap = {
    resourceType: 'ConceptMap',
    id: mapId,
    url: V2_MAPPINGS_BASE + mapId,
    version: V2_MAPPINGS_VERSION,
    name: pascal(mapId.replace(/^table-hl7/, 'table-HL7')),
    title: `Table HL7${table} ${concept}${qualifier === undefined ? '' : ` [${qualifier}]`} to FHIR`,
    status: 'active',
    experimental: false,
    description: `HL7 v2 table ${table} (${concept}${qualifier === undefined ? '' : ', ' + qualifier}) to FHIR codes, converted from the HL7 V2-to-FHIR IG sheet "${fileName}".`,
    copyright: 'Derived from the HL7 V2-to-FHIR Implementation Guide mapping tables (HL7/v2-to-fhir), Apache License 2.0; see terminology/v2-to-fhir/NOTICE.',
    sourceUri: `http://terminology.hl7.org/ValueSet/v2-${table}`,
    group: ordered,
  };
  return { value, issues };
}

/** Converts several sheets, qualifying ids that would collide with the sheet's `[qualifier]` (or name). */
export function convertV2Sheets(sheets: readonly { fileName: string; csv: string }[]): (V2SheetConversion & { fileName: string })[] {
  const first = sheets.map((s) => ({ ...s, ...convertV2Sheet(s.fileName, s.csv) }));
  const counts = new Map<string, number>();
  for (const c of first) if (c.value?.id !== undefined) counts.set(c.value.id, (counts.get(c.value.id) ?? 0) + 1);
  return first.map((c) => {
    if (c.value?.id === undefined || (counts.get(c.value.id) ?? 0) < 2) return c;
    const { concept, qualifier } = sheetName(c.fileName);
    const [, table = '', target = ''] = /^table-hl7(\d+)-to-(.+)$/.exec(c.value.id) ?? [];
    const id = `table-hl7${table}-${slug(qualifier ?? concept)}-to-${target}`;
    return { fileName: c.fileName, ...convertV2Sheet(c.fileName, c.csv, id) };
  });
}
