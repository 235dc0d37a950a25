/**
 * Synthetic content for the code-mapping tests: a local lab code system mapped to LOINC by a shared
 * ("shipped") map, a per-integration map for sender `lab-b`, a gender map with a target ValueSet.
 */
import type { CodeSystem, ConceptMap, ValueSet } from 'fhir/r4.js';
import { ResourceListLayer } from '../content/resource-list-layer.js';
import { TerminologyContent } from '../local/content-registry.js';
import { LocalTerminologyService } from '../local/local-terminology-service.js';
import { integrationContext } from './integration-context.js';

export const LAB = 'http://example.org/cs/local-lab';
export const LOINC = 'http://loinc.org';
export const V2_SEX = 'http://terminology.hl7.org/CodeSystem/v2-0001';
export const GENDER = 'http://hl7.org/fhir/administrative-gender';
export const GENDER_VS = 'http://hl7.org/fhir/ValueSet/administrative-gender';
export const SHARED_LAB_MAP = 'http://example.org/ConceptMap/lab-to-loinc';
export const LAB_B_MAP = 'http://example.org/ConceptMap/lab-b-to-loinc';
export const SEX_MAP = 'http://example.org/ConceptMap/v2-0001-to-gender';

export const sharedLabMap: ConceptMap = {
  resourceType: 'ConceptMap', url: SHARED_LAB_MAP, version: '1', status: 'active',
  group: [{ source: LAB, target: LOINC, element: [
    { code: 'GLU', target: [{ code: '2339-0', display: 'Glucose', equivalence: 'equivalent' }] },
    { code: 'HB', target: [{ code: '718-7', display: 'Hemoglobin', equivalence: 'equivalent' }] },
    { code: 'NA', target: [{ equivalence: 'unmatched' }] },
  ] }],
};

/** Sender `lab-b` means something else by GLU. */
export const labBMap: ConceptMap = {
  resourceType: 'ConceptMap', url: LAB_B_MAP, version: '3', status: 'active', useContext: [integrationContext('lab-b')],
  group: [{ source: LAB, target: LOINC, element: [
    { code: 'GLU', target: [{ code: '2345-7', display: 'Glucose [Mass/volume] in Serum or Plasma', equivalence: 'equivalent' }] },
  ] }],
};

export const sexMap: ConceptMap = {
  resourceType: 'ConceptMap', url: SEX_MAP, version: '1', status: 'active',
  group: [{ source: V2_SEX, target: GENDER, element: [
    { code: 'F', target: [{ code: 'female', display: 'Female', equivalence: 'equivalent' }] },
    { code: 'M', target: [{ code: 'male', display: 'Male', equivalence: 'equivalent' }] },
  ] }],
};

export const gender: CodeSystem = {
  resourceType: 'CodeSystem', url: GENDER, status: 'active', content: 'complete',
  concept: [{ code: 'male' }, { code: 'female' }, { code: 'other' }, { code: 'unknown' }],
};

export const genderVs: ValueSet = {
  resourceType: 'ValueSet', url: GENDER_VS, status: 'active', compose: { include: [{ system: GENDER }] },
};

/** A service whose "shipped" layer holds the fixtures; runtime edits go through `content.put`. */
export function mappingTestService(extra: readonly (ConceptMap | CodeSystem | ValueSet)[] = []): LocalTerminologyService {
  const shipped = new ResourceListLayer('shipped', () => [sharedLabMap, sexMap, gender, genderVs, ...extra]);
  return new LocalTerminologyService({ content: new TerminologyContent([shipped]), clock: () => new Date('2026-01-01T00:00:00Z') });
}
