/**
 * LOINC from its official table `Loinc.csv` (quoted CSV with a header row): display = LONG_COMMON_NAME,
 * SHORTNAME as a designation, the six axes, CLASS, CLASSTYPE, ORDER_OBS and STATUS as properties;
 * DEPRECATED codes are inactive. LOINC has no is-a hierarchy in this table.
 * https://loinc.org/kb/users-guide/ ; https://loinc.org/fhir/
 */
import { basename } from 'node:path';
import type { CodeSystemProperty } from 'fhir/r4.js';
import { unprocessable } from '../../core/outcomes.js';
import { columns, csvRecords, optionalColumn } from './csv-records.js';
import type { ImportInput, ParsedSystem } from './import-input.js';
import { COMMON_PROPERTIES, type ImportedConcept } from './imported-system.js';
import { readLines } from './line-reader.js';

export const LOINC_URL = 'http://loinc.org';
const REQUIRED = ['LOINC_NUM', 'COMPONENT', 'PROPERTY', 'TIME_ASPCT', 'SYSTEM', 'SCALE_TYP', 'METHOD_TYP', 'CLASS', 'STATUS', 'LONG_COMMON_NAME', 'SHORTNAME'] as const;
const AXES = ['COMPONENT', 'PROPERTY', 'TIME_ASPCT', 'SYSTEM', 'SCALE_TYP', 'METHOD_TYP', 'CLASS'] as const;
const SHORTNAME_USE = { system: LOINC_URL, code: 'SHORTNAME', display: 'Short name' };

const PROPERTIES: readonly CodeSystemProperty[] = [
  ...COMMON_PROPERTIES,
  ...AXES.map((code): CodeSystemProperty => ({ code, uri: `${LOINC_URL}/property/${code}`, type: 'string' })),
  { code: 'CLASSTYPE', uri: `${LOINC_URL}/property/CLASSTYPE`, type: 'integer', description: '1 laboratory, 2 clinical, 3 claims attachments, 4 surveys' },
  { code: 'ORDER_OBS', uri: `${LOINC_URL}/property/ORDER_OBS`, type: 'string' },
  { code: 'STATUS', uri: `${LOINC_URL}/property/STATUS`, type: 'string', description: 'ACTIVE, TRIAL, DISCOURAGED or DEPRECATED' },
];

/** Reads `Loinc.csv`. */
export async function importLoinc(input: ImportInput): Promise<ParsedSystem> {
  const concepts: ImportedConcept[] = [];
  let col: Record<(typeof REQUIRED)[number], number> | undefined;
  let classType = -1;
  let orderObs = -1;
  let rows = 0;
  for await (const r of csvRecords(readLines(input.path, input.progress))) {
    rows++;
    if (col === undefined) {
      col = columns(r, REQUIRED, input.path);
      classType = optionalColumn(r, 'CLASSTYPE');
      orderObs = optionalColumn(r, 'ORDER_OBS');
      continue;
    }
    const code = r[col.LOINC_NUM]?.trim() ?? '';
    if (code === '') throw unprocessable(`${input.path}: record ${rows} has no LOINC_NUM`);
    const at = (i: number): string => (i < 0 ? '' : (r[i] ?? '').trim());
    const properties: Record<string, string | number | boolean> = {};
    for (const axis of AXES) {
      const v = at(col[axis]);
      if (v !== '') properties[axis] = v;
    }
    const ct = Number(at(classType));
    if (at(classType) !== '' && Number.isInteger(ct)) properties['CLASSTYPE'] = ct;
    if (at(orderObs) !== '') properties['ORDER_OBS'] = at(orderObs);
    const status = at(col.STATUS).toUpperCase();
    if (status !== '') properties['STATUS'] = status;
    const display = at(col.LONG_COMMON_NAME) || at(col.SHORTNAME) || undefined;
    const short = at(col.SHORTNAME);
    const c: ImportedConcept = { code, ...(display !== undefined && { display }), properties };
    if (short !== '' && short !== display) c.designations = [{ value: short, use: SHORTNAME_USE }];
    if (status === 'DEPRECATED') c.inactive = true;
    concepts.push(c);
  }
  if (col === undefined) throw unprocessable(`${input.path}: no header row`);
  return {
    header: {
      format: 'loinc', url: LOINC_URL, name: 'LOINC', title: 'LOINC Code System',
      ...(input.version !== undefined && { version: input.version }),
      hierarchical: false, properties: PROPERTIES, sources: [basename(input.path)],
    },
    concepts,
    rows,
  };
}
