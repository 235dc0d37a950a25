/** The NOTICE shipped with `terminology/v2-to-fhir/` (Apache-2.0 §4: attribution and changes made). */
export const V2_NOTICE = `HL7 V2-to-FHIR code system mappings
====================================

The ConceptMap JSON files in this folder are derived from the mapping tables of the HL7 "V2-to-FHIR"
implementation guide (hl7.fhir.uv.v2mappings 1.0.0), repository HL7/v2-to-fhir, folder
mappings/codesystems (CSV exports of the IG's spreadsheets), licensed under the Apache License,
Version 2.0 (see LICENSE in this folder). Copyright Health Level Seven International.

Changes: each CSV sheet was converted mechanically into one FHIR R4 ConceptMap by
scripts/build-v2-conceptmaps.ts (src/terminology/v2-to-fhir/v2-table-concept-map.ts): v2 codes with a
FHIR code become "equivalent" targets, v2 codes without one become "unmatched" targets, and conditions
and comments are kept as target comments. Regenerate with \`npm run build:terminology\`.
`;
