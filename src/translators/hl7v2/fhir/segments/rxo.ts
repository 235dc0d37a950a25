/**
 * RXO (pharmacy / treatment order): mapped by the same code as RXE (`mapPharmacyOrder`), whose field table
 * knows both layouts. V2-to-FHIR IG: RXO[MedicationRequest]
 * https://build.fhir.org/ig/HL7/v2-to-fhir/ConceptMap-segment-rxo-to-medicationrequest.html
 */
export { mapPharmacyOrder as mapRxo } from './rxe.js';
