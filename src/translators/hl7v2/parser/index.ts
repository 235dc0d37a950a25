/** HL7 v2 ER7 parser: public surface used by translators, channels and the pipeline. */
export { parseHl7, parseHl7Message, type InputPart, type ParsedInput } from './parse.js';
export { Hl7Message, type MessageType } from './message.js';
export { Hl7Segment } from './segment.js';
export { parsePath, formatPath, type Hl7Path } from './path.js';
export { decodeEscapes, decodeFormatted, encodeEscapes, formattedToText, type FormattedPart, type FormatCommand } from './escape.js';
export { readDelimiters } from './delimiters.js';
export { encodingForCharset } from './charset.js';
export { serializeInput, serializeInputToBuffer, serializeMessage, serializeMessageToBuffer } from './serialize.js';
export { hl7Issue, V2_0357_SYSTEM, type Hl7ErrorCode } from './issues.js';
export { DEFAULT_DELIMITERS, type Delimiters, type Hl7Value, type SegmentRecord, type SourcePosition, type SourceText } from './types.js';
export {
  encodingCharacters, formatField, formatMessage, formatSegment,
  type Hl7ComponentInput, type Hl7FieldInput, type Hl7RepetitionInput, type Hl7Text,
} from './build.js';
