/**
 * MLLP frame encoder: `0x0B payload 0x1C 0x0D`.
 * https://www.hl7.org/documentcenter/public/wg/inm/mllp_transport_specification.PDF
 */
import { badRequest } from '../../core/outcomes.js';
import { MLLP_CR, MLLP_END, MLLP_START } from './frame-decoder.js';

/**
 * Wraps a payload (bytes already in the message charset; a string is encoded as UTF-8) in an MLLP
 * frame. Throws OperationOutcomeError (`invalid`) if the payload holds 0x0B or 0x1C, which would
 * break framing at the receiver.
 */
export function encodeMllpFrame(payload: Uint8Array | string): Buffer {
  const body = typeof payload === 'string' ? Buffer.from(payload, 'utf8') : Buffer.from(payload.buffer, payload.byteOffset, payload.byteLength);
  if (body.includes(MLLP_START) || body.includes(MLLP_END)) {
    throw badRequest('MLLP payload contains a start (0x0B) or end (0x1C) block byte');
  }
  const out = Buffer.allocUnsafe(body.length + 3);
  out[0] = MLLP_START;
  body.copy(out, 1);
  out[body.length + 1] = MLLP_END;
  out[body.length + 2] = MLLP_CR;
  return out;
}
