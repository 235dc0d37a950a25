/**
 * Corpus test for the non-ADT HL7 v2 translations (orders, results, pharmacy, immunization, scheduling,
 * documents, financial): every message in `${CORPUS_DIR}/hl7v2` whose MSH-9.1 is not ADT translates with
 * no error issues (the known malformed / unsupported ones with the expected error instead), every
 * resource passes R4 schema validation, and where a reference output exists (Microsoft FHIR-Converter,
 * CDC ReportStream, HL7 IG) the key elements are compared. Deliberate differences are listed here and
 * explained in docs/hl7v2-mapping-orders.md. CORPUS_DIR defaults to `../shared/corpus`.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { basename, dirname, join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Bundle, FhirResource } from 'fhir/r4.js';
import { parseHl7, type Hl7Message } from '../../src/translators/hl7v2/parser/index.js';
import { translateHl7v2 } from '../../src/translators/hl7v2/fhir/translate.js';
import { testContext } from '../../src/translators/hl7v2/fhir/segments/orders-fixtures.js';
import { createSchemaValidator } from '../../src/validation/index.js';
import { v2ConceptMapCodeMapper } from '../support/v2-concept-map-code-mapper.js';
import { corpusDir, hl7v2MessageFiles } from '../support/corpus.js';

const hl7Dir = join(corpusDir, 'hl7v2');

/** Malformed or unsupported inputs and the error location each must produce. */
const EXPECTED_ERROR: Readonly<Record<string, string>> = {
  '001_Natus_ACK.hl7': 'MSH-9.1', // an acknowledgement, not content to translate
  'msh_present_but_missing_all_fields.hl7': 'MSH-9.1',
  'msh_present_but_missing_msh-9.hl7': 'MSH-9.1',
  'msh-12_has_value_2_3.hl7': 'ORC', // MSH only
  'msh_present_but_missing_msh-10.hl7': 'ORC',
  'msh_present_but_missing_msh-2.hl7': 'ORC',
  'msh_present_but_missing_msh-6.hl7': 'ORC',
  'orm_obx-5_is_not_a_numeric_value.hl7': 'OBX-5',
  '011_AL_ORM_O01_malformed_DTM_datatype_0_initial_message.hl7': 'OBX-5',
  // Message types outside issue 4's list: unsupported (AR), not mistranslated.
  'PC1-Problem-Add-v2.3.1.hl7': 'MSH-9.1',
  'RDS-O13-01.hl7': 'MSH-9.1',
  'REF-I12-01.hl7': 'MSH-9.1',
  'REF-I14-01.hl7': 'MSH-9.1',
};

/**
 * The resource types each message type is about: where the reference has one, we must write one too.
 * Ancillary resources the reference converters add (MessageHeader, Account from PID-18 in every message,
 * Consent, Substance, a second Specimen from OBR …) are not compared; docs/hl7v2-mapping-orders.md says why.
 */
const PRIMARY: Readonly<Record<string, readonly FhirResource['resourceType'][]>> = {
  ORU: ['Patient', 'DiagnosticReport', 'Observation', 'ServiceRequest'],
  OUL: ['Patient', 'DiagnosticReport', 'Observation', 'Specimen'],
  ORM: ['Patient', 'ServiceRequest'],
  OML: ['Patient', 'ServiceRequest', 'Specimen'],
  OMG: ['Patient', 'ServiceRequest'],
  VXU: ['Patient', 'Immunization'],
  SIU: ['Patient', 'Appointment'],
  MDM: ['Patient', 'DocumentReference'],
  RDE: ['Patient', 'MedicationRequest'],
  RAS: ['Patient', 'MedicationAdministration'],
  DFT: ['Patient', 'ChargeItem', 'Encounter'],
  BAR: ['Patient', 'Account', 'Encounter', 'Condition'],
};

/** Microsoft's SIU templates take the appointment start from AIS-4; we follow the IG (SCH-11). */
const AIS_START = new Set(['SIU-S12-01.hl7', 'SIU-S13-01.hl7', 'SIU-S14-01.hl7', 'SIU-S15-01.hl7', 'SIU-S16-01.hl7', 'SIU-S17-01.hl7', 'SIU-S26-01.hl7']);

/** Where the reference output of a message file is, if any. */
function referenceOf(file: string): { path: string; format: 'json' | 'xml' } | undefined {
  const name = basename(file).replace(/\.(hl7|txt)$/i, '');
  if (file.includes('microsoft-fhir-converter')) {
    const dir = join(hl7Dir, 'microsoft-fhir-converter', 'expected-fhir');
    if (!existsSync(dir)) return undefined;
    for (const type of readdirSync(dir)) {
      const p = join(dir, type, `${name}-expected.json`);
      if (existsSync(p)) return { path: p, format: 'json' };
    }
    return undefined;
  }
  if (file.includes('cdc-trusted-intermediary')) {
    const p = join(dirname(file), `${name.replace(/_0_initial_message$/, '_1_hl7_translation').replace(/^(\d+)_1_/, '$1_2_')}.fhir`);
    return existsSync(p) ? { path: p, format: 'json' } : undefined;
  }
  if (file.endsWith('Message.hl7_MDM_T02.txt')) return { path: join(dirname(file), 'FHIR_bundle.hl7_MDM_T02.json'), format: 'xml' };
  return undefined;
}

const isAdt = (m: Hl7Message): boolean => (m.type.code ?? '').toUpperCase() === 'ADT';

function resourcesOf(b: Bundle): FhirResource[] {
  return (b.entry ?? []).flatMap((e) => (e.resource === undefined ? [] : [e.resource]));
}

/** Codes (`coding.code`) of a CodeableConcept-like value. */
function codes(cc: unknown): string[] {
  const coding = (cc as { coding?: Array<{ code?: string }> } | undefined)?.coding ?? [];
  return coding.flatMap((c) => (c.code === undefined ? [] : [c.code]));
}

/** The reference's resources: JSON bundles, or resource type names read from the IG's FHIR XML. */
function readReference(ref: { path: string; format: 'json' | 'xml' }): { resources: Array<Record<string, unknown>>; types: Set<string> } {
  const text = readFileSync(ref.path, 'utf8').replace(/^\uFEFF/, '');
  if (ref.format === 'xml') {
    const types = new Set([...text.matchAll(/<resource>\s*<([A-Za-z]+)/g)].map((m) => m[1] ?? ''));
    return { resources: [], types };
  }
  const bundle = JSON.parse(text) as { entry?: Array<{ resource?: Record<string, unknown> }> };
  const resources = (bundle.entry ?? []).flatMap((e) => (e.resource === undefined ? [] : [e.resource]));
  return { resources, types: new Set(resources.map((r) => String(r['resourceType']))) };
}

if (!existsSync(hl7Dir)) {
  describe('HL7 v2 orders corpus', () => {
    it(`CORPUS_DIR ${hl7Dir} not found: orders corpus tests not run`, () => {
      console.warn(`CORPUS_DIR ${hl7Dir} not found: orders corpus tests not run`);
      expect(existsSync(hl7Dir)).toBe(false);
    });
  });
} else {
  const validator = createSchemaValidator();
  const files = hl7v2MessageFiles(hl7Dir).filter((f) => {
    const parsed = parseHl7(readFileSync(f));
    return parsed.messages.length > 0 && parsed.messages.some((m) => !isAdt(m));
  });

  describe(`HL7 v2 orders / results corpus (${files.length} non-ADT files in ${hl7Dir})`, () => {
    it('has the non-ADT message files', () => {
      expect(files.length).toBeGreaterThan(40);
    });

    it.each(files.map((f) => [relative(hl7Dir, f), f] as const))('%s', (_name, file) => {
      const parsed = parseHl7(readFileSync(file));
      const expectedError = EXPECTED_ERROR[basename(file)];
      for (const m of parsed.messages.filter((x) => !isAdt(x))) {
        const result = translateHl7v2(m, testContext(v2ConceptMapCodeMapper));
        const errors = result.issues.filter((i) => i.severity === 'error' || i.severity === 'fatal');
        if (expectedError !== undefined) {
          expect(errors.flatMap((i) => i.expression ?? [])).toContain(expectedError);
          continue;
        }
        expect(errors).toEqual([]);
        const ours = resourcesOf(result.bundle);
        expect(ours.length).toBeGreaterThan(0);
        for (const r of ours) expect(validator.validate(r), `${r.resourceType} schema`).toEqual([]);
        const ref = referenceOf(file);
        if (ref !== undefined) compareWithReference(basename(file), m.type.code ?? '', new Set(m.segments('OBX').flatMap((o) => o.get('3.1') ?? [])), ours, readReference(ref));
      }
    });
  });
}

/** Compares resource types and key elements with a reference output. */
function compareWithReference(name: string, messageCode: string, obxCodes: ReadonlySet<string>, ours: FhirResource[], ref: { resources: Array<Record<string, unknown>>; types: Set<string> }): void {
  const ourTypes = new Set<string>(ours.map((r) => r.resourceType));
  const missing = (PRIMARY[messageCode.toUpperCase()] ?? []).filter((t) => ref.types.has(t) && !ourTypes.has(t));
  expect(missing, 'primary resource types the reference has and we do not write').toEqual([]);
  if (ref.resources.length === 0) return;
  const refOf = (type: string) => ref.resources.filter((r) => r['resourceType'] === type);
  const oursOf = <T extends FhirResource['resourceType']>(type: T) => ours.filter((r): r is Extract<FhirResource, { resourceType: T }> => r.resourceType === type);

  // Patient identifiers: every value we write is one the reference has.
  const refPatientIds = new Set(refOf('Patient').flatMap((p) => ((p['identifier'] as Array<{ value?: string }> | undefined) ?? []).map((i) => i.value)));
  for (const p of oursOf('Patient')) for (const id of p.identifier ?? []) if (id.value !== undefined && refPatientIds.size > 0) expect(refPatientIds, 'patient identifier').toContain(id.value);

  // Observation codes and numeric values (MDM: the OBX are the document body, not Observations, per the IG).
  const ourObs = oursOf('Observation');
  const ourCodes = new Set(ourObs.flatMap((o) => codes(o.code)));
  // Only observations made from OBX are compared (MS also makes them of ACC, PV2 … fields).
  for (const r of messageCode === 'MDM' ? [] : refOf('Observation')) {
    const rc = codes(r['code']);
    if (rc.length === 0 || !rc.some((c) => obxCodes.has(c))) continue;
    expect(rc.some((c) => ourCodes.has(c)), `observation code ${rc.join(',')}`).toBe(true);
    const rv = (r['valueQuantity'] as { value?: number } | undefined)?.value;
    const mine = ourObs.filter((o) => codes(o.code).some((c) => rc.includes(c)) && o.valueQuantity?.value !== undefined);
    if (rv !== undefined && mine.length === 1) expect(mine[0]?.valueQuantity?.value, `value of ${rc.join(',')}`).toBe(rv);
  }
  // Report, order, immunization, medication, appointment, document and charge codes.
  const pairs: Array<[FhirResource['resourceType'], string]> = [
    ['Immunization', 'vaccineCode'], ['MedicationRequest', 'medicationCodeableConcept'], ['ChargeItem', 'code'],
  ];
  // DiagnosticReport: each of ours (one per OBR) is one the reference has; MS also makes reports of single OBX.
  const refReportCodes = new Set(refOf('DiagnosticReport').flatMap((r) => codes(r['code'])));
  for (const dr of oursOf('DiagnosticReport')) if (refReportCodes.size > 0) expect(codes(dr.code).some((c) => refReportCodes.has(c)), `DiagnosticReport.code ${codes(dr.code).join(',')}`).toBe(true);
  for (const [type, field] of pairs) {
    const mine = new Set(oursOf(type).flatMap((r) => codes((r as unknown as Record<string, unknown>)[field])));
    for (const r of refOf(type)) {
      const rc = codes(r[field]);
      if (rc.length > 0 && mine.size > 0) expect(rc.some((c) => mine.has(c)), `${type}.${field} ${rc.join(',')}`).toBe(true);
    }
  }
  // Dates: the date part of immunization and appointment times.
  const day = (s: unknown): string | undefined => (typeof s === 'string' ? s.slice(0, 10) : undefined);
  const immDays = new Set(oursOf('Immunization').map((i) => day(i.occurrenceDateTime)));
  for (const r of refOf('Immunization')) if (r['occurrenceDateTime'] !== undefined) expect(immDays, 'immunization date').toContain(day(r['occurrenceDateTime']));
  // Appointment start: SCH-11 per the IG (MS takes AIS-4, a documented difference).
  const apptDays = new Set(oursOf('Appointment').map((a) => day(a.start ?? a.requestedPeriod?.[0]?.start)));
  for (const r of refOf('Appointment')) if (r['start'] !== undefined && !AIS_START.has(name)) expect(apptDays, 'appointment start').toContain(day(r['start']));
}
