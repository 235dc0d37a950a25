/**
 * AIP → Appointment participant: mapped by `mapAppointmentInfo` (./ais.ts), whose layout table knows the
 * field positions of AIS, AIG, AIL and AIP. V2-to-FHIR IG: AIP[Appointment]
 * https://build.fhir.org/ig/HL7/v2-to-fhir/ConceptMap-segment-aip-to-appointment.html
 */
export { mapAppointmentInfo as mapAip } from './ais.js';
