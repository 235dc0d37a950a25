/**
 * Codes through a ConceptMap-backed CodeMapper (the terminology service's): mapped codings come first,
 * the original v2 coding is kept, each resource holding a mapped coding is tagged with the map's
 * `url|version`, and an unmapped code is an `unmapped-code` warning located at its v2 field.
 */
import { describe, expect, it } from 'vitest';
import type { ConceptMap, Patient } from 'fhir/r4.js';
import { CONCEPT_MAP_VERSION_TAG_SYSTEM, UNMAPPED_CODE_ISSUE } from '../../../core/code-mapping.js';
import { ConceptMapCodeMapper } from '../../../terminology/mapping/concept-map-code-mapper.js';
import { MappingGapTable } from '../../../terminology/mapping/mapping-gaps.js';
import { mappingTestService } from '../../../terminology/mapping/test-fixtures.js';
import { parseHl7Message } from '../parser/index.js';
import { translateHl7v2 } from './translate.js';
import { testContext } from './testing.js';

const V2_0002 = 'http://terminology.hl7.org/CodeSystem/v2-0002';
const V3_MARITAL = 'http://terminology.hl7.org/CodeSystem/v3-MaritalStatus';
const MARITAL_MAP = 'http://example.org/ConceptMap/v2-0002-to-marital';
const maritalMap: ConceptMap = {
  resourceType: 'ConceptMap', url: MARITAL_MAP, version: '7', status: 'active',
  group: [{ source: V2_0002, target: V3_MARITAL, element: [{ code: 'M', target: [{ code: 'M', display: 'Married', equivalence: 'equivalent' }] }] }],
};

const MSG = [
  'MSH|^~\\&|APP|FAC|GW|LYFE|20240115103000-0500||ADT^A04|C1|P|2.5.1',
  'EVN|A04|20240115103000-0500',
  'PID|1||123^^^HOSP^MR||DOE^JANE||19800101|F||||||||M|ZZ^Local religion^L',
  'PV1|1|O|CLINIC^1^A^HOSP',
].join('\r');

function translate() {
  const mapper = new ConceptMapCodeMapper({ terminology: mappingTestService([maritalMap]), gaps: new MappingGapTable(), now: () => Date.parse('2026-03-01T10:00:00Z') });
  return translateHl7v2(parseHl7Message(MSG), testContext({ codes: mapper }));
}

describe('codes through a ConceptMap-backed mapper', () => {
  it('puts the mapped coding first, keeps the original, and tags the resource with the map version', () => {
    const out = translate();
    const patient = out.bundle.entry?.find((e) => e.resource?.resourceType === 'Patient')?.resource as Patient;
    expect(patient.maritalStatus?.coding).toEqual([
      { system: V3_MARITAL, code: 'M', display: 'Married' },
      { system: V2_0002, code: 'M' },
    ]);
    expect(patient.meta?.tag).toEqual([{ system: CONCEPT_MAP_VERSION_TAG_SYSTEM, code: `${MARITAL_MAP}|7` }]);
  });

  it('tags only resources that hold a coding of the map', () => {
    const out = translate();
    for (const e of out.bundle.entry ?? []) {
      if (e.resource?.resourceType === 'Patient') continue;
      expect(e.resource?.meta?.tag, e.resource?.resourceType).toBeUndefined();
    }
  });

  it('warns with unmapped-code (and HL7 0357 code 103) at the v2 location of an unmapped code', () => {
    const out = translate();
    const religion = out.issues.find((i) => i.expression?.[0] === 'PID-17[1].1');
    expect(religion).toMatchObject({ severity: 'warning', code: 'code-invalid' });
    expect(religion?.details?.coding).toEqual(expect.arrayContaining([
      expect.objectContaining({ code: '103' }), expect.objectContaining({ ...UNMAPPED_CODE_ISSUE }),
    ]));
  });
});
