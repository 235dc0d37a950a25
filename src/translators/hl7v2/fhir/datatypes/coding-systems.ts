/**
 * HL7 table 0396 coding-system names (CWE.3 / CWE.6 / CWE.12) → FHIR code system URIs, as listed in the
 * V2-to-FHIR IG code system map and the FHIR terminology registry. `HL7nnnn` / `99zzz`-style names are
 * handled by `codingSystemUri`. https://terminology.hl7.org/CodeSystem-v2-0396.html ·
 * https://build.fhir.org/ig/HL7/v2-to-fhir/mappings.html (Code System map)
 */

/** Known external coding systems by their table 0396 name. */
export const CODING_SYSTEMS: Readonly<Record<string, string>> = {
  LN: 'http://loinc.org',
  LOINC: 'http://loinc.org',
  SCT: 'http://snomed.info/sct',
  SNM: 'http://snomed.info/sct',
  SNOMED: 'http://snomed.info/sct',
  I10: 'http://hl7.org/fhir/sid/icd-10',
  I10C: 'http://hl7.org/fhir/sid/icd-10-cm',
  'ICD-10-CM': 'http://hl7.org/fhir/sid/icd-10-cm',
  I10P: 'http://www.cms.gov/Medicare/Coding/ICD10',
  I9: 'http://hl7.org/fhir/sid/icd-9-cm',
  I9C: 'http://hl7.org/fhir/sid/icd-9-cm',
  I9CP: 'http://hl7.org/fhir/sid/icd-9-cm',
  C4: 'http://www.ama-assn.org/go/cpt',
  CPT: 'http://www.ama-assn.org/go/cpt',
  HCPCS: 'urn:oid:2.16.840.1.113883.6.285',
  HCPT: 'urn:oid:2.16.840.1.113883.6.285',
  RXNORM: 'http://www.nlm.nih.gov/research/umls/rxnorm',
  RXN: 'http://www.nlm.nih.gov/research/umls/rxnorm',
  CVX: 'http://hl7.org/fhir/sid/cvx',
  MVX: 'http://terminology.hl7.org/CodeSystem/MVX',
  NDC: 'http://hl7.org/fhir/sid/ndc',
  UCUM: 'http://unitsofmeasure.org',
  NUCC: 'http://nucc.org/provider-taxonomy',
  CDCREC: 'urn:oid:2.16.840.1.113883.6.238',
  NPI: 'http://hl7.org/fhir/sid/us-npi',
  FDDX: 'http://terminology.hl7.org/CodeSystem/FDDX',
  UML: 'http://www.nlm.nih.gov/research/umls',
  HL7: 'http://terminology.hl7.org/CodeSystem/v2-0000',
};

const V2_TABLE = /^HL7(\d{4})$/i;

/** `http://terminology.hl7.org/CodeSystem/v2-nnnn` for HL7 table `nnnn`. */
export function v2TableUri(table: string): string {
  return `http://terminology.hl7.org/CodeSystem/v2-${table.padStart(4, '0')}`;
}

/**
 * The FHIR system for a CWE coding-system name: a known external system, an HL7 table, a URI or OID as
 * given; undefined for local names (`L`, `99zzz`, unknown), which are never given an invented system.
 */
export function codingSystemUri(name: string | undefined): string | undefined {
  if (name === undefined) return undefined;
  const known = CODING_SYSTEMS[name.toUpperCase()];
  if (known !== undefined) return known;
  const table = V2_TABLE.exec(name);
  if (table?.[1] !== undefined) return v2TableUri(table[1]);
  if (/^[a-z][a-z0-9+.-]*:\S+$/i.test(name)) return name;
  if (/^[0-2](\.(0|[1-9]\d*))+$/.test(name)) return `urn:oid:${name}`;
  return undefined;
}
