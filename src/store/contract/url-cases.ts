/**
 * Contract cases written as search URLs (parsed by `parseSearchRequest`), so the parser's AST and each
 * adapter's compiler are checked together. [label, type, query, expected ids (any order)]
 */
export const URL_CASES: readonly (readonly [string, string, string, readonly string[]])[] = [
  ['token', 'Observation', 'code=http://loinc.org|1234-5', ['o1', 'o2']],
  ['token :not', 'Observation', 'code:not=1234-5', ['o3', 'o4']],
  ['token :text', 'Observation', 'code:text=GLUCOSE', ['o1']],
  ['token :of-type', 'Patient', 'identifier:of-type=http://terminology.hl7.org/CodeSystem/v2-0203|MR|123', ['p1']],
  ['_id list', 'Patient', '_id=p1,p2', ['p1', 'p2']],
  ['string default', 'Patient', 'name=smi', ['p1']],
  ['string :exact', 'Patient', 'family:exact=Smythe', ['p2']],
  ['string :contains', 'Patient', 'family:contains=DEG', ['p3']],
  ['date ge', 'Observation', 'date=ge2020', ['o1', 'o3']],
  ['date range (AND)', 'Observation', 'date=ge2019&date=lt2021', ['o2', 'o3']],
  ['number', 'RiskAssessment', 'probability=gt0.5', ['r1']],
  ['quantity with unit', 'Observation', 'value-quantity=5.4|http://unitsofmeasure.org|mg', ['o1']],
  ['quantity canonical (g vs mg)', 'Observation', 'value-quantity=0.12|http://unitsofmeasure.org|g', ['o2']],
  ['reference', 'Observation', 'subject=Patient/p2', ['o2']],
  ['reference :identifier', 'Observation', 'performer:identifier=http://npi|N-1', ['o3']],
  ['reference :missing', 'Observation', 'subject:missing=true', ['o4']],
  ['uri :below', 'ValueSet', 'url:below=http://example.org/other', ['vs2']],
  ['composite', 'Observation', 'code-value-quantity=http://loinc.org|1234-5$gt100', ['o2']],
  ['chain', 'Observation', 'subject:Patient.name=smythe', ['o2']],
  ['chain, two levels', 'Observation', 'subject:Patient.organization:Organization.name=acme', ['o1', 'o3']],
  ['_has', 'Patient', '_has:Observation:patient:code=9999', ['p1']],
  ['injection', 'Patient', "name=' OR 1=1 --", []],
  ['injection in token', 'Patient', "identifier=' OR 1=1 --", ['p2']],
  ['wildcards are literal', 'Patient', 'name:contains=%25', ['p3']],
];
