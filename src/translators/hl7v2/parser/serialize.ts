/**
 * Serialization. An unmodified parse re-serializes byte for byte: segments keep their raw text and
 * original terminators, the input keeps its BOM, blank lines and envelope.
 */
import type { Hl7Message } from './message.js';
import type { InputPart, ParsedInput } from './parse.js';
import type { SegmentRecord } from './types.js';
import { encodeText } from './charset.js';

function records(part: InputPart): readonly SegmentRecord[] {
  switch (part.kind) {
    case 'message': return part.message.all.map((s) => s.record);
    case 'envelope': return [part.segment.record];
    case 'unparsed': return part.segments;
    default: return part satisfies never;
  }
}

/** The message text exactly as received. */
export function serializeMessage(message: Hl7Message): string {
  return message.toString();
}

/** The whole input text (BOM, blank lines, envelope, messages, stray segments). */
export function serializeInput(parsed: ParsedInput): string {
  let out = parsed.leading;
  for (const part of parsed.parts) {
    for (const r of records(part)) out += r.raw + r.terminator;
  }
  return out;
}

/** The whole input as bytes, re-encoded with the charset it was decoded with. */
export function serializeInputToBuffer(parsed: ParsedInput): Buffer {
  return encodeText(serializeInput(parsed), parsed.source.encoding);
}

/** One message as bytes in its source charset. */
export function serializeMessageToBuffer(message: Hl7Message): Buffer {
  return encodeText(message.toString(), message.source.encoding);
}
