/**
 * Corpus test for the ADT translators: every ADT message under `${CORPUS_DIR}/hl7v2` translates with no
 * error issues, every resource in the bundle (and in a fallback bundle) passes R4 schema validation, and
 * where a reference output exists (Microsoft FHIR-Converter `expected-fhir/`) the key elements agree:
 * resource types, patient identifiers / names / birth date / gender, encounter identifiers / class /
 * period start, and the codes of conditions, procedures and allergies. Deliberate differences are listed
 * in docs/hl7v2-mapping.md. Files are read in place, never copied into the repo.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { basename, dirname, join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Bundle, CodeableConcept, FhirResource } from 'fhir/r4.js';
import { parseHl7 } from '../../src/translators/hl7v2/parser/index.js';
import { translateHl7v2 } from '../../src/translators/hl7v2/fhir/translate.js';
import { testContext } from '../../src/translators/hl7v2/fhir/testing.js';
import { v2ConceptMapCodeMapper as codesMapper } from '../support/v2-concept-map-code-mapper.js';
import { createSchemaValidator } from '../../src/validation/index.js';
import { corpusDir, hl7v2MessageFiles } from '../support/corpus.js';

const hl7Dir = join(corpusDir, 'hl7v2');

/** Resources of a transaction (PATCH bodies excluded: they are not resources to validate as such). */
function resources(bundle: Bundle): FhirResource[] {
  return (bundle.entry ?? []).filter((e) => e.request?.method !== 'PATCH').map((e) => e.resource).filter((r): r is FhirResource => r !== undefined);
}

function ofType<T extends FhirResource['resourceType']>(list: readonly FhirResource[], type: T): Array<Extract<FhirResource, { resourceType: T }>> {
  return list.filter((r): r is Extract<FhirResource, { resourceType: T }> => r.resourceType === type);
}

const instant = (s: string | undefined): number | undefined => (s === undefined ? undefined : Date.parse(s.length === 10 ? `${s}T00:00:00Z` : s));
const codes = (cc: CodeableConcept | undefined): string[] => (cc?.coding ?? []).map((c) => c.code ?? '').filter((c) => c !== '').sort();

/**
 * Deliberate differences from the reference outputs (see docs/hl7v2-mapping.md, "Differences"):
 * codes the reference maps from segments we do not (PDA-1 cause of death → Condition), and elements
 * where the reference picks another field.
 */
const NOT_MAPPED_CODES = new Set(['I21', 'death-certification', 'autopsy-performed']);
const PERIOD_START_DIFFERS = new Set(['ADT-A27-01.hl7']);
/** Types we write that a reference may lack: we write the patient and our own Provenance on every event. */
const ALWAYS_OURS = new Set(['Provenance', 'Location', 'Organization', 'Practitioner', 'Patient']);

/** Reference output path for a Microsoft sample, if any. */
function expectedFor(file: string): string | undefined {
  if (!file.includes('microsoft-fhir-converter')) return undefined;
  const base = basename(file, '.hl7');
  const root = join(dirname(dirname(file)), 'expected-fhir');
  if (!existsSync(root)) return undefined;
  for (const dir of readdirSync(root)) {
    const candidate = join(root, dir, `${base}-expected.json`);
    if (existsSync(candidate)) return candidate;
  }
  return undefined;
}

if (!existsSync(hl7Dir)) {
  describe('HL7 v2 ADT corpus', () => {
    it(`CORPUS_DIR ${hl7Dir} not found: ADT corpus tests not run`, () => {
      console.warn(`CORPUS_DIR ${hl7Dir} not found: ADT corpus tests not run`);
      expect(existsSync(hl7Dir)).toBe(false);
    });
  });
} else {
  const validator = createSchemaValidator();
  const adt = hl7v2MessageFiles(hl7Dir).flatMap((file) =>
    parseHl7(readFileSync(file)).messages.filter((m) => m.type.code === 'ADT').map((m, i) => [`${relative(hl7Dir, file)}#${i + 1}`, file, m] as const),
  );

  describe(`HL7 v2 ADT corpus (${adt.length} messages in ${hl7Dir})`, () => {
    it('has ADT messages', () => {
      expect(adt.length).toBeGreaterThan(25);
    });

    it.each(adt)('%s', (_name, file, message) => {
      const result = translateHl7v2(message, testContext({ codes: codesMapper }));
      expect(result.issues.filter((i) => i.severity === 'error' || i.severity === 'fatal')).toEqual([]);
      expect(result.bundle.entry?.length ?? 0).toBeGreaterThan(0);
      expect(result.patientKey).toMatch(/\|/);
      for (const bundle of [result.bundle, result.fallbackBundle].filter((b): b is Bundle => b !== undefined)) {
        for (const r of resources(bundle)) {
          expect(validator.validate(r).filter((i) => i.severity === 'error'), `${r.resourceType} in ${relative(hl7Dir, file)}`).toEqual([]);
        }
      }

      const expectedPath = expectedFor(file);
      if (expectedPath === undefined) return;
      const expected = resources(JSON.parse(readFileSync(expectedPath, 'utf8')) as Bundle);
      const ours = resources(result.fallbackBundle ?? result.bundle);
      // Every type we write is one the reference writes too, except our Provenance (theirs is optional).
      const theirTypes = new Set(expected.map((r) => r.resourceType));
      expect(ours.map((r) => r.resourceType).filter((t) => !theirTypes.has(t) && !ALWAYS_OURS.has(t))).toEqual([]);

      const [theirPatient] = ofType(expected, 'Patient');
      const [ourPatient] = ofType(ours, 'Patient');
      if (theirPatient !== undefined && ourPatient !== undefined) {
        const theirIds = new Set((theirPatient.identifier ?? []).map((i) => i.value));
        expect((ourPatient.identifier ?? []).filter((i) => theirIds.has(i.value)).length).toBeGreaterThan(0);
        if (theirPatient.birthDate !== undefined) expect(ourPatient.birthDate).toBe(theirPatient.birthDate);
        if (theirPatient.gender !== undefined) expect(ourPatient.gender).toBe(theirPatient.gender);
        const theirFamilies = new Set((theirPatient.name ?? []).map((n) => n.family));
        expect((ourPatient.name ?? []).some((n) => theirFamilies.has(n.family))).toBe((theirPatient.name ?? []).length > 0);
      }

      const [theirEncounter] = ofType(expected, 'Encounter');
      const [ourEncounter] = ofType(ours, 'Encounter');
      if (theirEncounter !== undefined && ourEncounter !== undefined) {
        const theirIds = new Set((theirEncounter.identifier ?? []).map((i) => i.value));
        if (theirIds.size > 0) expect((ourEncounter.identifier ?? []).some((i) => theirIds.has(i.value))).toBe(true);
        expect(ourEncounter.class.code).toBe(theirEncounter.class.code);
        if (!PERIOD_START_DIFFERS.has(basename(file))) expect(instant(ourEncounter.period?.start)).toBe(instant(theirEncounter.period?.start));
      }

      for (const type of ['Condition', 'Procedure', 'AllergyIntolerance'] as const) {
        const theirCodes = ofType(expected, type).map((r) => codes(r.code)).filter((c) => c.length > 0 && !c.every((x) => NOT_MAPPED_CODES.has(x))).map((c) => c.join(',')).sort();
        const ourCodes = ofType(ours, type).map((r) => codes(r.code)).filter((c) => c.length > 0).map((c) => c.join(',')).sort();
        expect(ourCodes, `${type} codes`).toEqual(theirCodes);
      }
    });
  });
}
