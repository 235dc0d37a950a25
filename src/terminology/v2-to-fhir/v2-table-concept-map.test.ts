import { describe, it, expect } from 'vitest';
import { conceptMapId, convertV2Sheet, convertV2Sheets, sheetName, v2TableNumber } from './v2-table-concept-map.js';

// Synthetic sheets in the IG's layouts (12-column with an unnamed column after the FHIR code, and the
// 8-column variant); the fields that matter: v2 Code/Text/Code System, condition, FHIR Code/Display/Code System, Comments.
const HEAD12 = 'HL7 v2,,,Condition (IF True),,,HL7 FHIR,,,,,Comments\nCode,Text,Code System,Computable ANTLR,Computable FHIRPath,Narrative,Code,,Display,Code System,,\n';
const HEAD8 = 'HL7 v2,,,Condition (IF TRUE),,HL7 FHIR,,\nCode,Text,Code System,Computable,Narrative,Code,Display,Code System\n';
const G = 'http://hl7.org/fhir/administrative-gender';

describe('sheet names and ids', () => {
  it.each([
    ['HL7 Concept Map_ AdministrativeSex - Sheet1.csv', 'AdministrativeSex', undefined],
    ['HL7 Concept Map_ AddressType[Use] - Sheet1.csv', 'AddressType', 'Use'],
    ['odd.csv', 'odd', undefined],
  ])('%s', (file, concept, qualifier) => {
    expect(sheetName(file)).toEqual({ concept, qualifier });
  });
  it.each([['HL70001', '0001'], ['HL0207', '0207'], ['HL7-0354', '0354'], ['HL7396', '0396'], ['LN', undefined]])('table id %s → %s', (id, n) => {
    expect(v2TableNumber(id)).toBe(n);
  });
  it.each([
    ['0001', G, undefined, 'table-hl70001-to-administrative-gender'],
    ['0004', 'http://terminology.hl7.org/CodeSystem/v3-ActCode', undefined, 'table-hl70004-to-v3-actcode'],
    ['0128', 'http://terminology.hl7.org/CodeSystem/v2-0128', 'AllergyIntolerance.criticality-original', 'table-hl70128-allergyintolerance-criticality-original-to-v2-0128'],
    ['0399', 'urn:iso:std:iso:3166', undefined, 'table-hl70399-to-3166'],
    ['0354', undefined, undefined, 'table-hl70354-to-unmapped'],
  ])('conceptMapId(%s, %s)', (table, target, qualifier, id) => {
    expect(conceptMapId(table, target, qualifier)).toBe(id);
  });
});

describe('convertV2Sheet', () => {
  const sex = HEAD12 + [
    `F,Female,HL70001,,,,female,,Female,${G},,`,
    `A,Ambiguous,HL70001,,,,other,,Other,${G},,"Closest, not exact"`,
    'X,Non-binary,HL70001,,,,,,,,,Needs a JIRA',
    'Y,Odd,HL70001,IF NOT MAPPED ERROR,,,,,,,,',
    `,,,,,,unknown,,Unknown,${G},,`,
  ].join('\n');

  it('maps coded rows, keeps unmapped v2 codes as unmatched, skips FHIR-only rows', () => {
    const { value, issues } = convertV2Sheet('HL7 Concept Map_ AdministrativeSex - Sheet1.csv', sex);
    expect(issues).toEqual([]);
    expect(value).toMatchObject({
      resourceType: 'ConceptMap', id: 'table-hl70001-to-administrative-gender',
      url: 'http://hl7.org/fhir/uv/v2mappings/ConceptMap/table-hl70001-to-administrative-gender',
      name: 'TableHL70001ToAdministrativeGender', sourceUri: 'http://terminology.hl7.org/ValueSet/v2-0001',
    });
    expect(value?.group).toEqual([
      { source: 'http://terminology.hl7.org/CodeSystem/v2-0001', target: G, element: [
        { code: 'F', display: 'Female', target: [{ code: 'female', display: 'Female', equivalence: 'equivalent' }] },
        { code: 'A', display: 'Ambiguous', target: [{ code: 'other', display: 'Other', equivalence: 'equivalent', comment: 'Closest, not exact' }] },
      ] },
      { source: 'http://terminology.hl7.org/CodeSystem/v2-0001', element: [
        { code: 'X', display: 'Non-binary', target: [{ equivalence: 'unmatched', comment: 'Needs a JIRA' }] },
        { code: 'Y', display: 'Odd', target: [{ equivalence: 'unmatched', comment: 'Condition: IF NOT MAPPED ERROR' }] },
      ] },
    ]);
  });

  it('reads the 8-column layout, the display in the unnamed column, and names the map for the non-v2 target', () => {
    const cls = HEAD12 + [
      'E,Emergency,HL70004,,,,EMER,emergency,,http://terminology.hl7.org/CodeSystem/v3-ActCode,,',
      'R,Recurring,HL70004,,,,R,Recurring,,http://terminology.hl7.org/CodeSystem/v2-0004,,',
      'C,Commercial,HL70004,,,,C,Commercial,,http://terminology.hl7.org/CodeSystem/v2-0004,,',
    ].join('\n');
    const a = convertV2Sheet('HL7 Concept Map_ PatientClass[EncounterClass] - Sheet1.csv', cls).value;
    expect(a?.id).toBe('table-hl70004-to-v3-actcode');
    expect(a?.group?.[0]?.element[0]?.target?.[0]).toEqual({ code: 'EMER', display: 'emergency', equivalence: 'equivalent' });
    const b = convertV2Sheet('HL7 Concept Map_ YesNo - Sheet1.csv', HEAD8 + 'Y,Yes,HL70136,,,Y,Yes,http://terminology.hl7.org/CodeSystem/v2-0136\n').value;
    expect(b?.group?.[0]?.element).toEqual([{ code: 'Y', display: 'Yes', target: [{ code: 'Y', display: 'Yes', equivalence: 'equivalent' }] }]);
  });

  it.each([
    ['a FHIR code without a system is unmatched, with an issue', 'F,Female,HL70001,,,,female,,Female,,,', ['row 3: FHIR code "female" has no code system; kept as unmatched'], 1],
    ['a row with a non-table system is skipped', 'F,Female,LN,,,,female,,Female,' + G + ',,\nM,Male,HL70001,,,,male,,Male,' + G + ',,', ['row 3: v2 code system "LN" is not an HL7 table id; row skipped'], 1],
  ])('%s', (_n, rows, issues, elements) => {
    const r = convertV2Sheet('HL7 Concept Map_ Sex - Sheet1.csv', HEAD12 + rows);
    expect(r.issues).toEqual(issues);
    expect(r.value?.group?.flatMap((g) => g.element)).toHaveLength(elements);
  });

  it('makes no map from a sheet without v2 codes, and refuses a sheet without the header', () => {
    expect(convertV2Sheet('HL7 Concept Map_ VIP - Sheet1.csv', HEAD12 + 'x,,,,,,EXT,,ext,http://x,,\n').value).toBeUndefined();
    expect(() => convertV2Sheet('bad.csv', 'a,b\nc,d\n')).toThrow(/header row 2/);
  });

  it('qualifies ids that two sheets would share', () => {
    const row = `S,Severe,HL70128,,,,high,,High,${G},,`;
    const ids = convertV2Sheets([
      { fileName: 'HL7 Concept Map_ AllergySeverity[Criticality] - Sheet1.csv', csv: HEAD12 + row },
      { fileName: 'HL7 Concept Map_ AllergySeverity[Criticality-original] - Sheet1.csv', csv: HEAD12 + row },
      { fileName: 'HL7 Concept Map_ Other - Sheet1.csv', csv: HEAD12 + `F,F,HL70001,,,,female,,Female,${G},,` },
    ]).map((c) => c.value?.id);
    expect(ids).toEqual(['table-hl70128-criticality-to-administrative-gender', 'table-hl70128-criticality-original-to-administrative-gender', 'table-hl70001-to-administrative-gender']);
  });
});
