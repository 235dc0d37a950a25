/**
 * Each distribution format imported from its synthetic fixture, then the terminology operations over
 * the imported system through the local service ($lookup, $validate-code, $expand, $subsumes).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ValueSet } from 'fhir/r4.js';
import type { LocalTerminologyService } from '../local/local-terminology-service.js';
import { CVX_URL } from './cvx.js';
import { ICD10CM_URL, dottedIcd10 } from './icd10cm.js';
import type { ImportFormat } from './imported-system.js';
import { LOINC_URL } from './loinc.js';
import { NDC_URL, productDisplay } from './ndc.js';
import type { ImportSummary } from './run-import.js';
import { RXNORM_URL } from './rxnorm.js';
import { SNOMED_URL } from './snomed.js';
import { importedDataDir, serviceOver } from './test-support/imported-fixtures.js';

let env: Awaited<ReturnType<typeof importedDataDir>>;
let svc: LocalTerminologyService;
beforeAll(async () => {
  env = await importedDataDir();
  svc = serviceOver(env.dataDir).service;
});
afterAll(() => env.cleanup());

const codes = (vs: ValueSet): string[] => (vs.expansion?.contains ?? []).map((c) => c.code ?? '').sort();
const summary = (f: ImportFormat): ImportSummary => env.summaries.get(f) as ImportSummary;

describe('import summaries', () => {
  it.each([
    ['loinc', LOINC_URL, 6, 1, 0],
    ['icd10cm', ICD10CM_URL, 10, 0, 7],
    ['rxnorm', RXNORM_URL, 5, 1, 2],
    ['cvx', CVX_URL, 4, 2, 0],
    ['snomed', SNOMED_URL, 7, 1, 5],
    ['ndc', NDC_URL, 9, 2, 5],
  ] as const)('%s: url, concepts, inactive, with parents', (format, url, concepts, inactive, withParents) => {
    expect(summary(format)).toMatchObject({ format, url, concepts, inactive, withParents });
    expect(summary(format).rowsPerSecond).toBeGreaterThan(0);
  });
  it('takes the version from the file name where the format has one', () => {
    expect(summary('icd10cm').version).toBe('2025');
    expect(summary('snomed').version).toBe('http://snomed.info/sct/900000000000207008/version/20240101');
    expect(summary('loinc').version).toBeUndefined();
  });
});

describe('LOINC (Loinc.csv)', () => {
  it('$lookup: LONG_COMMON_NAME display, SHORTNAME designation, axes as properties', async () => {
    const r = await svc.lookup({ system: LOINC_URL, code: '2339-0' });
    expect(r.display).toBe('Glucose [Mass/volume] in Blood');
    expect(r.designations.map((d) => d.value)).toEqual(['Glucose Bld-mCnc']);
    expect(r.properties).toEqual(expect.arrayContaining([
      { code: 'COMPONENT', value: 'Glucose' }, { code: 'SYSTEM', value: 'Bld' }, { code: 'CLASSTYPE', value: 1 }, { code: 'STATUS', value: 'ACTIVE' },
    ]));
  });
  it('reads quoted fields with doubled quotes and line breaks', async () => {
    expect((await svc.lookup({ system: LOINC_URL, code: '718-7' })).display).toBe('Hemoglobin [Mass/volume] in Blood');
  });
  it('DEPRECATED codes are valid but inactive (a warning)', async () => {
    const r = await svc.validateCodeInCodeSystem({ url: LOINC_URL, code: '99999-9' });
    expect(r.result).toBe(true);
    expect(r.issues.map((i) => i.code)).toContain('business-rule');
  });
  it.each([
    ['glucose', undefined, ['2339-0', '99999-9']],
    ['glucose', true, ['2339-0']],
    ['hemo bl', undefined, ['4548-4', '718-7']],
    ['bp pnl', undefined, ['85354-9']],
  ])('$expand http://loinc.org/vs filter %j activeOnly %s', async (filter, activeOnly, expected) => {
    const vs = await svc.expand({ valueSet: 'http://loinc.org/vs', filter, ...(activeOnly !== undefined && { activeOnly }) });
    expect(codes(vs)).toEqual(expected);
  });
  it('$validate-code with a wrong display is valid with a warning', async () => {
    const r = await svc.validateCodeInCodeSystem({ url: LOINC_URL, code: '8867-4', display: 'Pulse' });
    expect(r.result).toBe(true);
    expect(r.issues[0]?.code).toBe('invalid');
  });
});

describe('ICD-10-CM (order file)', () => {
  it.each([['E119', 'E11.9'], ['J45909', 'J45.909'], ['I10', 'I10']])('dotted %s → %s', (raw, dotted) => {
    expect(dottedIcd10(raw)).toBe(dotted);
  });
  it('$lookup: long description display, parent from the code prefix, billable flag', async () => {
    const r = await svc.lookup({ system: ICD10CM_URL, code: 'E11.00' });
    expect(r.display).toMatch(/without nonketotic hyperglycemic-hyperosmolar coma/);
    expect(r.designations[0]?.value).toBe('Type 2 diab w hyprosm w/o nonket hyprgly-hypros coma (NKHHC)');
    expect(r.properties).toEqual(expect.arrayContaining([{ code: 'parent', value: 'E11.0' }, { code: 'billable', value: true }]));
  });
  it('$subsumes across the derived hierarchy', async () => {
    expect(await svc.subsumes({ system: ICD10CM_URL, codeA: 'E11', codeB: 'E11.01' })).toBe('subsumes');
    expect(await svc.subsumes({ system: ICD10CM_URL, codeA: 'J45.909', codeB: 'J45' })).toBe('subsumed-by');
    expect(await svc.subsumes({ system: ICD10CM_URL, codeA: 'E11', codeB: 'I10' })).toBe('not-subsumed');
  });
  it('$expand is-a through the implicit ValueSet', async () => {
    expect(codes(await svc.expand({ valueSet: `${ICD10CM_URL}?fhir_vs=isa/E11.0` }))).toEqual(['E11.0', 'E11.00', 'E11.01']);
  });
  it('$expand with an is-a filter in a ValueSet compose', async () => {
    const vs: ValueSet = { resourceType: 'ValueSet', status: 'active', compose: { include: [{ system: ICD10CM_URL, filter: [{ property: 'concept', op: 'descendent-of', value: 'J45' }] }] } };
    expect(codes(await svc.expand({ valueSet: vs, filter: 'uncomplicated' }))).toEqual(['J45.909']);
  });
  it('an unknown code is not valid', async () => {
    expect((await svc.validateCodeInCodeSystem({ url: ICD10CM_URL, code: 'E119' })).result).toBe(false);
  });
});

describe('RxNorm (RRF)', () => {
  it('$lookup: main term type display, other names as designations, TTY property', async () => {
    const r = await svc.lookup({ system: RXNORM_URL, code: '161' });
    expect(r.display).toBe('acetaminophen');
    expect(r.designations.map((d) => d.value)).toEqual(['APAP']);
    expect(r.properties).toContainEqual({ code: 'TTY', value: 'IN' });
  });
  it('keeps only SAB=RXNORM rows; suppressed-only concepts are inactive', async () => {
    const r = await svc.validateCodeInCodeSystem({ url: RXNORM_URL, code: '999001' });
    expect(r.result).toBe(true);
    expect(r.issues.map((i) => i.code)).toContain('business-rule');
    expect((await svc.lookup({ system: RXNORM_URL, code: '161' })).designations.map((d) => d.value)).not.toContain('ACETAMINOPHEN');
  });
  it('isa rows of RXNREL give the hierarchy (RXCUI2 isa RXCUI1)', async () => {
    expect(await svc.subsumes({ system: RXNORM_URL, codeA: '1152843', codeB: '313782' })).toBe('subsumes');
    expect(await svc.subsumes({ system: RXNORM_URL, codeA: '161', codeB: '313782' })).toBe('not-subsumed');
  });
  it('$expand with a text filter', async () => {
    expect(codes(await svc.expand({ valueSet: `${RXNORM_URL}?fhir_vs`, filter: 'acetaminophen oral' }))).toEqual(['1152843', '313782', '317541']);
  });
});

describe('CVX (cvx.txt)', () => {
  it('$lookup: short description display, full name designation, status properties', async () => {
    const r = await svc.lookup({ system: CVX_URL, code: '115' });
    expect(r.display).toBe('Tdap');
    expect(r.designations[0]?.value).toMatch(/^tetanus toxoid/);
    expect(r.properties).toEqual(expect.arrayContaining([{ code: 'status', value: 'Active' }, { code: 'nonvaccine', value: false }]));
  });
  it.each([['08', true, false], ['31', true, true], ['8', false, false]])('$validate-code %s → %s (inactive %s)', async (code, result, inactive) => {
    const r = await svc.validateCodeInCodeSystem({ url: CVX_URL, code });
    expect(r.result).toBe(result);
    expect(r.issues.some((i) => i.code === 'business-rule')).toBe(inactive);
  });
  it('$expand activeOnly leaves inactive codes out', async () => {
    expect(codes(await svc.expand({ valueSet: `${CVX_URL}?fhir_vs`, activeOnly: true }))).toEqual(['08', '115']);
  });
});

describe('SNOMED CT (RF2 snapshot)', () => {
  it('$lookup: preferred term display (language refset), FSN and synonyms as designations, parents', async () => {
    const r = await svc.lookup({ system: SNOMED_URL, code: '44054006' });
    expect(r.display).toBe('Type 2 diabetes mellitus');
    expect(r.designations.map((d) => d.value).sort()).toEqual(['Diabetes mellitus type 2', 'Diabetes mellitus type 2 (disorder)']);
    expect(r.designations.find((d) => d.use?.code === '900000000000003001')?.value).toBe('Diabetes mellitus type 2 (disorder)');
    expect(r.properties).toContainEqual({ code: 'parent', value: '73211009' });
    expect(r.properties).not.toContainEqual({ code: 'parent', value: '404684003' }); // not an is-a relationship
  });
  it('inactive descriptions and relationships are left out', async () => {
    const r = await svc.lookup({ system: SNOMED_URL, code: '46635009' });
    expect(r.properties.filter((p) => p.code === 'parent')).toEqual([{ code: 'parent', value: '73211009' }]);
    expect((await svc.lookup({ system: SNOMED_URL, code: '44054006' })).designations.map((d) => d.value)).not.toContain('Old inactive term for type 2 diabetes');
  });
  it('$subsumes over the is-a hierarchy', async () => {
    expect(await svc.subsumes({ system: SNOMED_URL, codeA: '404684003', codeB: '44054006' })).toBe('subsumes');
    expect(await svc.subsumes({ system: SNOMED_URL, codeA: '44054006', codeB: '46635009' })).toBe('not-subsumed');
  });
  it('$expand the implicit is-a ValueSet, with a text filter', async () => {
    expect(codes(await svc.expand({ valueSet: `${SNOMED_URL}?fhir_vs=isa/73211009` }))).toEqual(['44054006', '46635009', '73211009']);
    expect(codes(await svc.expand({ valueSet: `${SNOMED_URL}?fhir_vs=isa/73211009`, filter: 'type 2' }))).toEqual(['44054006']);
  });
  it('an inactive concept validates with a warning', async () => {
    const r = await svc.validateCodeInCodeSystem({ url: SNOMED_URL, code: '190331003' });
    expect(r.result).toBe(true);
    expect(r.issues.map((i) => i.code)).toContain('business-rule');
  });
});

describe('NDC (product.txt, package.txt)', () => {
  it.each([
    ['Painaway', 'Extra Strength', 'Acetaminophen', 'TABLET, FILM COATED', 'Painaway Extra Strength (Acetaminophen) TABLET, FILM COATED'],
    ['', '', 'Amoxicillin', 'CAPSULE', 'Amoxicillin CAPSULE'],
    ['Amoxicillin', '', 'amoxicillin', 'CAPSULE', 'Amoxicillin CAPSULE'],
  ])('product display %j %j %j %j', (brand, suffix, generic, form, expected) => {
    expect(productDisplay(brand, suffix, generic, form)).toBe(expected);
  });
  it('$lookup a product NDC: display from the names and dosage form, product properties', async () => {
    const r = await svc.lookup({ system: NDC_URL, code: '0999-1001' });
    expect(r.display).toBe('Painaway Extra Strength (Acetaminophen) TABLET, FILM COATED');
    expect(r.properties).toEqual(expect.arrayContaining([
      { code: 'kind', value: 'product' }, { code: 'route', value: 'ORAL' }, { code: 'labeler', value: 'Example Labs Inc.' },
      { code: 'child', value: '0999-1001-10' }, { code: 'child', value: '0999-1001-24' },
    ]));
  });
  it('$lookup a package NDC: parent product, description designation, sample flag', async () => {
    const r = await svc.lookup({ system: NDC_URL, code: '12345-678-90' });
    expect(r.display).toBe('Amoxicillin CAPSULE: 10 CAPSULE in 1 BLISTER PACK (12345-678-90)');
    expect(r.designations.map((d) => d.value)).toEqual(['10 CAPSULE in 1 BLISTER PACK (12345-678-90)']);
    expect(r.properties).toEqual(expect.arrayContaining([{ code: 'parent', value: '12345-678' }, { code: 'kind', value: 'package' }, { code: 'sample', value: true }]));
  });
  it.each([['0999-2002-01', true, false], ['54321-0001', true, true], ['54321-0001-1', true, true], ['0999-2002-1', false, false], ['09992002', false, false]])(
    '$validate-code %s → %s (inactive %s)', async (code, result, inactive) => {
      const r = await svc.validateCodeInCodeSystem({ url: NDC_URL, code });
      expect(r.result).toBe(result);
      expect(r.issues.some((i) => i.code === 'business-rule')).toBe(inactive);
    });
  it('$subsumes: a product subsumes its packages', async () => {
    expect(await svc.subsumes({ system: NDC_URL, codeA: '0999-1001', codeB: '0999-1001-24' })).toBe('subsumes');
    expect(await svc.subsumes({ system: NDC_URL, codeA: '0999-2002', codeB: '0999-1001-24' })).toBe('not-subsumed');
  });
  it('$expand: text filter, the is-a implicit ValueSet, a property filter', async () => {
    expect(codes(await svc.expand({ valueSet: `${NDC_URL}?fhir_vs`, filter: 'acetaminophen bottle' }))).toEqual(['0999-1001-10', '0999-1001-24']);
    expect(codes(await svc.expand({ valueSet: `${NDC_URL}?fhir_vs=isa/0999-1001` }))).toEqual(['0999-1001', '0999-1001-10', '0999-1001-24']);
    const products: ValueSet = { resourceType: 'ValueSet', status: 'active', compose: { include: [{ system: NDC_URL, filter: [{ property: 'kind', op: '=', value: 'product' }] }] } };
    expect(codes(await svc.expand({ valueSet: products, activeOnly: true }))).toEqual(['0999-1001', '0999-2002', '12345-678']);
  });
});
