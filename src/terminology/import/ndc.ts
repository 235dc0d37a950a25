/**
 * NDC from the FDA National Drug Code Directory text files: `product.txt` and, when beside it,
 * `package.txt` (tab-delimited, a header row naming the columns). Codes are the product NDC
 * (labeler-product, e.g. `0002-1433`) and the package NDC (`0002-1433-80`), 10 digits hyphenated as
 * distributed; a package's parent is its product. Display = proprietary name (and suffix), the
 * nonproprietary name in parentheses, the dosage form; a package adds its description. Rows flagged in
 * NDC_EXCLUDE_FLAG (anything but N) are inactive.
 * https://www.fda.gov/drugs/drug-approvals-and-databases/ndc-product-file-definitions ; https://hl7.org/fhir/R4/ndc.html
 */
import { basename } from 'node:path';
import type { CodeSystemProperty } from 'fhir/r4.js';
import { unprocessable } from '../../core/outcomes.js';
import { columns } from './csv-records.js';
import type { ImportInput, ParsedSystem } from './import-input.js';
import { COMMON_PROPERTIES, HIERARCHY_PROPERTIES, type ImportedConcept } from './imported-system.js';
import { readLines } from './line-reader.js';
import { releaseFile } from './release-files.js';

export const NDC_URL = 'http://hl7.org/fhir/sid/ndc';
const PRODUCT_NDC = /^\d{4,5}-\d{3,4}$/;
const PACKAGE_NDC = /^\d{4,5}-\d{3,4}-\d{1,2}$/;
const PRODUCT_COLUMNS = ['PRODUCTNDC', 'PRODUCTTYPENAME', 'PROPRIETARYNAME', 'NONPROPRIETARYNAME', 'DOSAGEFORMNAME'] as const;
const PACKAGE_COLUMNS = ['PRODUCTNDC', 'NDCPACKAGECODE', 'PACKAGEDESCRIPTION'] as const;
/** Optional product.txt columns kept as string properties (column → property code). */
const PRODUCT_PROPERTIES: Readonly<Record<string, string>> = {
  ROUTENAME: 'route', LABELERNAME: 'labeler', MARKETINGCATEGORYNAME: 'marketingCategory', APPLICATIONNUMBER: 'applicationNumber',
  SUBSTANCENAME: 'substance', DEASCHEDULE: 'deaSchedule', STARTMARKETINGDATE: 'startMarketingDate', ENDMARKETINGDATE: 'endMarketingDate',
};
const PACKAGE_PROPERTIES: Readonly<Record<string, string>> = {
  STARTMARKETINGDATE: 'startMarketingDate', ENDMARKETINGDATE: 'endMarketingDate',
};
const PROPERTIES: readonly CodeSystemProperty[] = [
  ...COMMON_PROPERTIES, ...HIERARCHY_PROPERTIES,
  { code: 'kind', type: 'code', description: 'product (labeler-product NDC) or package (labeler-product-package NDC)' },
  { code: 'productType', type: 'string', description: 'PRODUCTTYPENAME, e.g. HUMAN PRESCRIPTION DRUG' },
  { code: 'dosageForm', type: 'string', description: 'DOSAGEFORMNAME' },
  ...Object.values(PRODUCT_PROPERTIES).map((code): CodeSystemProperty => ({ code, type: 'string', description: `product.txt / package.txt column (dates YYYYMMDD)` })),
  { code: 'sample', type: 'boolean', description: 'SAMPLE_PACKAGE = Y' },
];
const DESCRIPTION_USE = { system: 'http://terminology.hl7.org/CodeSystem/designation-usage', code: 'display', display: 'Package description' };

/** Reads product.txt (and package.txt when beside it). */
export async function importNdc(input: ImportInput): Promise<ParsedSystem> {
  const productFile = releaseFile(input.path, /^product\.txt$/i, 'product.txt');
  const packageFile = releaseFile(input.path, /^package\.txt$/i, 'package.txt', true);
  const products = new Map<string, ImportedConcept>();
  let rows = 0;
  let hierarchical = false;
  rows += await readTable(productFile, input, PRODUCT_COLUMNS, (at, line) => {
    const code = at('PRODUCTNDC');
    if (!PRODUCT_NDC.test(code)) throw unprocessable(`${productFile}: line ${line} has PRODUCTNDC "${code}", not a labeler-product NDC`);
    if (products.has(code)) return; // a product listed twice (several SPL versions): the first row wins
    const properties: Record<string, string | number | boolean> = { kind: 'product' };
    if (at('PRODUCTTYPENAME') !== '') properties['productType'] = at('PRODUCTTYPENAME');
    if (at('DOSAGEFORMNAME') !== '') properties['dosageForm'] = at('DOSAGEFORMNAME');
    for (const [name, property] of Object.entries(PRODUCT_PROPERTIES)) if (at(name) !== '') properties[property] = at(name);
    const display = productDisplay(at('PROPRIETARYNAME'), at('PROPRIETARYNAMESUFFIX'), at('NONPROPRIETARYNAME'), at('DOSAGEFORMNAME'));
    const c: ImportedConcept = { code, ...(display !== '' && { display }), properties };
    if (excluded(at('NDC_EXCLUDE_FLAG'))) c.inactive = true;
    products.set(code, c);
  });
  const packages: ImportedConcept[] = [];
  if (packageFile !== undefined) {
    const seen = new Set<string>();
    rows += await readTable(packageFile, input, PACKAGE_COLUMNS, (at, line) => {
      const code = at('NDCPACKAGECODE');
      if (!PACKAGE_NDC.test(code)) throw unprocessable(`${packageFile}: line ${line} has NDCPACKAGECODE "${code}", not a package NDC`);
      if (seen.has(code)) return;
      seen.add(code);
      const product = products.get(at('PRODUCTNDC'));
      const description = at('PACKAGEDESCRIPTION');
      const properties: Record<string, string | number | boolean> = { kind: 'package' };
      for (const [name, property] of Object.entries(PACKAGE_PROPERTIES)) if (at(name) !== '') properties[property] = at(name);
      if (at('SAMPLE_PACKAGE') !== '') properties['sample'] = at('SAMPLE_PACKAGE').toUpperCase() === 'Y';
      const display = [product?.display, description].filter((x) => x !== undefined && x !== '').join(': ');
      const c: ImportedConcept = { code, ...(display !== '' && { display }), properties };
      if (description !== '' && description !== display) c.designations = [{ value: description, use: DESCRIPTION_USE }];
      if (product !== undefined) {
        c.parents = [product.code];
        hierarchical = true;
      }
      if (excluded(at('NDC_EXCLUDE_FLAG')) || product?.inactive === true) c.inactive = true;
      packages.push(c);
    });
  }
  return {
    header: {
      format: 'ndc', url: NDC_URL, name: 'NDC', title: 'National Drug Code Directory',
      ...(input.version !== undefined && { version: input.version }),
      hierarchical, properties: PROPERTIES, sources: [productFile, ...(packageFile === undefined ? [] : [packageFile])].map((p) => basename(p)),
    },
    concepts: [...products.values(), ...packages],
    rows,
  };
}

/** "Proprietary Suffix (Nonproprietary) DOSAGE FORM"; the nonproprietary name alone when there is no brand. */
export function productDisplay(proprietary: string, suffix: string, nonproprietary: string, form: string): string {
  const brand = [proprietary, suffix].filter((x) => x !== '').join(' ');
  const same = nonproprietary.toLowerCase() === proprietary.toLowerCase();
  const generic = brand === '' || nonproprietary === '' ? nonproprietary : same ? '' : `(${nonproprietary})`;
  return [brand, generic, form].filter((x) => x !== '').join(' ');
}

const excluded = (flag: string): boolean => flag !== '' && flag.toUpperCase() !== 'N';

/** A field of the current row by column name: trimmed, '' when the column is absent. */
type Field = (column: string) => string;

/** Reads one tab-delimited table with a header row, calling `onRow` per record; answers the lines read. */
async function readTable(file: string, input: ImportInput, required: readonly string[], onRow: (field: Field, line: number) => void): Promise<number> {
  let at: Map<string, number> | undefined;
  let line = 0;
  for await (const text of readLines(file, input.progress)) {
    line++;
    if (text.trim() === '') continue;
    const f = text.split('\t');
    if (at === undefined) {
      columns(f, required, file); // names the missing ones
      at = new Map(f.map((h, i) => [h.trim().toUpperCase(), i]));
      continue;
    }
    const cols = at;
    onRow((name) => (f[cols.get(name) ?? -1] ?? '').trim(), line);
  }
  if (at === undefined) throw unprocessable(`${file}: no header row`);
  return line;
}
