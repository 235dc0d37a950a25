/**
 * CVX (vaccines administered) from the CDC's `cvx.txt`: pipe-delimited, no header, fields
 * code|short description|full vaccine name|notes|status|nonvaccine|last updated. Display = short
 * description; the full name is a designation; status Inactive / Never Active makes a code inactive.
 * https://www2a.cdc.gov/vaccines/iis/iisstandards/vaccines.asp?rpt=cvx
 */
import { basename } from 'node:path';
import type { CodeSystemProperty } from 'fhir/r4.js';
import { unprocessable } from '../../core/outcomes.js';
import type { ImportInput, ParsedSystem } from './import-input.js';
import { COMMON_PROPERTIES, type ImportedConcept } from './imported-system.js';
import { readLines } from './line-reader.js';

export const CVX_URL = 'http://hl7.org/fhir/sid/cvx';
const FULL_USE = { system: 'http://terminology.hl7.org/CodeSystem/designation-usage', code: 'display', display: 'Full vaccine name' };
const INACTIVE = new Set(['inactive', 'never active']);
const PROPERTIES: readonly CodeSystemProperty[] = [
  ...COMMON_PROPERTIES,
  { code: 'status', type: 'string', description: 'CVX status: Active, Inactive, Non-US, Pending, Never Active' },
  { code: 'nonvaccine', type: 'boolean', description: 'True for codes that are not vaccines' },
  { code: 'lastUpdated', type: 'string', description: 'Date the CDC last updated the code' },
];

/** Reads `cvx.txt`. */
export async function importCvx(input: ImportInput): Promise<ParsedSystem> {
  const concepts: ImportedConcept[] = [];
  let rows = 0;
  for await (const line of readLines(input.path, input.progress)) {
    rows++;
    if (line.trim() === '') continue;
    const f = line.split('|').map((x) => x.trim());
    const [code = '', short = '', full = '', , status = '', nonvaccine = '', updated = ''] = f;
    if (f.length < 5 || !/^\d+$/.test(code)) throw unprocessable(`${input.path}: line ${rows} is not a CVX record`);
    const properties: Record<string, string | number | boolean> = {};
    if (status !== '') properties['status'] = status;
    if (nonvaccine !== '') properties['nonvaccine'] = nonvaccine.toLowerCase() === 'true';
    if (updated !== '') properties['lastUpdated'] = updated;
    const c: ImportedConcept = { code, display: short || full, properties };
    if (full !== '' && full !== c.display) c.designations = [{ value: full, use: FULL_USE }];
    if (INACTIVE.has(status.toLowerCase())) c.inactive = true;
    concepts.push(c);
  }
  return {
    header: {
      format: 'cvx', url: CVX_URL, name: 'CVX', title: 'CVX - Vaccines Administered',
      ...(input.version !== undefined && { version: input.version }),
      hierarchical: false, properties: PROPERTIES, sources: [basename(input.path)],
    },
    concepts,
    rows,
  };
}
