/**
 * AIG → Appointment participant: mapped by `mapAppointmentInfo` (./ais.ts), whose layout table knows the
 * field positions of AIS, AIG, AIL and AIP. V2-to-FHIR IG: AIG[Appointment]
 * https://build.fhir.org/ig/HL7/v2-to-fhir/ConceptMap-segment-aig-to-appointment.html
 */
export { mapAppointmentInfo as mapAig } from './ais.js';
