/** FHIR → X12 generators (271, 277, 277CA, 278 response, 837P, 835), checked by our own parser + SNIP. */
export { envelope, envelopeSegments, seg, x12Amount, x12Date, type GeneratedX12, type X12Parties } from './envelope.js';
export { replyParties, echo } from './reply.js';
export { build271, coverageActiveOn } from './eligibility-271.js';
export { build277, CLAIM_NOT_FOUND, type ClaimStatusAnswer } from './claim-status-277.js';
export { build277CA, ClaimAck277Builder, type ClaimAckSubject, type ClaimDecision } from './claim-ack-277ca.js';
export { build278Response, type ReviewDecision } from './review-278-response.js';
export { build837P, type ReferenceResolver } from './claim-837p.js';
export { build835 } from './remittance-835.js';
export { respondToX12, type X12Answer, type X12Lookups, type X12SetAnswer } from './respond.js';
