/** X12 acknowledgements: TA1 and 999 (005010X231A1) built from neutral findings. */
export { acknowledgeInterchange, isAcknowledgementInterchange, type InterchangeAcks } from './acknowledge.js';
export { build999, X231A1 } from './build-999.js';
export { buildTa1, ta1Decision, type BuiltAck } from './ta1.js';
export { envelopeFindings } from './findings.js';
export type {
  AckContextData, AckElementPosition, AckFinding, AckLevel, AckSegmentPosition, AckTrigger,
} from './findings.js';
export type { AckContext, AckControlNumbers, X12PartyPair } from './context.js';
export { ackDelimiters, safeValue, serializeAck, serializeAckSegment, type AckElement, type AckSegment } from './serialize.js';
export type { Ak901Code, Ak905Code, Ik304Code, Ik403Code, Ik501Code, Ik502Code, Ta1AckCode, Ta1Note } from './codes.js';
