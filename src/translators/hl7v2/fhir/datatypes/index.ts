/** HL7 v2 datatype → FHIR mappers (V2-to-FHIR IG datatype maps), one datatype per file. */
export { fieldElement, fieldElements, fieldState, fieldText, type V2Element } from '../element.js';
export { cweToCodeableConcept, mapCode, tableValueToCodeableConcept, type CodeOptions } from './cwe.js';
export { codingSystemUri, v2TableUri, CODING_SYSTEMS } from './coding-systems.js';
export { cxToIdentifier, type IdentifierKind } from './cx.js';
export { dtmToDateTime, dtToDate, tsToDateTime, parseHl7DateTime, parseHl7Time } from './dtm.js';
export { eiToIdentifier } from './ei.js';
export { hdAuthority, hdText, hdToOrganization, hdToUri } from './hd.js';
export { plIdentifier, plToLocation, plToReference } from './pl.js';
export { cqToQuantity, nmToNumber, snToValue, unitOf } from './quantity.js';
export { nameDisplay, xcnIdentifier, xcnToPractitioner, xcnToReference } from './xcn.js';
export { xonIdentifier, xonToOrganization, xonToReference } from './xon.js';
export { xadToAddress } from './xad.js';
export { xpnToHumanName } from './xpn.js';
export { xtnToContactPoint } from './xtn.js';
