/**
 * ICD-10-CM from the CDC order file `icd10cm_order_YYYY.txt` (fixed width: order number 1-5, code
 * 7-13 without the dot, header flag 15 (1 = billable), short description 17-76, long description 78-).
 * Codes get their dot back (E119 → E11.9); each code's parent is the longest shorter code that is a
 * prefix of it (E11.9 → E11). Display = long description; the short one is a designation.
 * https://www.cms.gov/medicare/coding-billing/icd-10-codes (icd10cm_order file layout)
 */
import { basename } from 'node:path';
import type { CodeSystemProperty } from 'fhir/r4.js';
import { unprocessable } from '../../core/outcomes.js';
import type { ImportInput, ParsedSystem } from './import-input.js';
import { COMMON_PROPERTIES, HIERARCHY_PROPERTIES, type ImportedConcept } from './imported-system.js';
import { readLines } from './line-reader.js';

export const ICD10CM_URL = 'http://hl7.org/fhir/sid/icd-10-cm';
const SHORT_USE = { system: 'http://terminology.hl7.org/CodeSystem/designation-usage', code: 'short', display: 'Short description' };
const PROPERTIES: readonly CodeSystemProperty[] = [
  ...COMMON_PROPERTIES, ...HIERARCHY_PROPERTIES,
  { code: 'billable', type: 'boolean', description: 'Valid for HIPAA-covered transactions (order file header flag 1)' },
];

/** `E119` → `E11.9` (codes of three characters stay as they are). */
export function dottedIcd10(code: string): string {
  return code.length > 3 ? `${code.slice(0, 3)}.${code.slice(3)}` : code;
}

/** Reads an ICD-10-CM order file. */
export async function importIcd10cm(input: ImportInput): Promise<ParsedSystem> {
  const concepts: ImportedConcept[] = [];
  const byRaw = new Map<string, ImportedConcept>();
  let rows = 0;
  for await (const line of readLines(input.path, input.progress)) {
    rows++;
    if (line.trim() === '') continue;
    const raw = line.slice(6, 13).trim();
    const flag = line.charAt(14);
    if (line.length < 17 || raw === '' || (flag !== '0' && flag !== '1') || !/^\d{5}$/.test(line.slice(0, 5))) {
      throw unprocessable(`${input.path}: line ${rows} is not an order-file record`);
    }
    const short = line.slice(16, 76).trim();
    const long = line.length > 77 ? line.slice(77).trim() : short;
    const c: ImportedConcept = { code: dottedIcd10(raw), display: long || short, properties: { billable: flag === '1' } };
    if (short !== '' && short !== c.display) c.designations = [{ value: short, use: SHORT_USE }];
    byRaw.set(raw, c);
    concepts.push(c);
  }
  // After the whole file: parents need not come first.
  for (const [raw, c] of byRaw) {
    for (let len = raw.length - 1; len >= 3; len--) {
      const parent = byRaw.get(raw.slice(0, len));
      if (parent !== undefined) {
        c.parents = [parent.code];
        break;
      }
    }
  }
  const version = input.version ?? /(\d{4})/.exec(basename(input.path))?.[1];
  return {
    header: {
      format: 'icd10cm', url: ICD10CM_URL, name: 'ICD10CM', title: 'ICD-10-CM',
      ...(version !== undefined && { version }),
      hierarchical: true, properties: PROPERTIES, sources: [basename(input.path)],
    },
    concepts,
    rows,
  };
}
