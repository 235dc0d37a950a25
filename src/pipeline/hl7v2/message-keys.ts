/**
 * What the inbox records about an HL7 v2 message before translating it: the idempotency key
 * (MSH-3, MSH-4, MSH-10 as received; DESIGN.md "Ingestion"), the payload hash, the sender, the message
 * type and the patient key used to keep one patient's messages in order.
 * https://www.hl7.org/implement/standards/product_brief.cfm?product_id=185 (v2.5.1 §2.14.9 MSH)
 */
import { createHash } from 'node:crypto';
import type { Hl7Message } from '../../translators/hl7v2/parser/index.js';

/** Lower-case hex sha256 of the payload bytes. */
export function payloadHash(raw: Uint8Array): string {
  return createHash('sha256').update(raw).digest('hex');
}

/** MSH-3^MSH-4 as received (HD components kept), e.g. `LAB^1.2.3^ISO|HOSP` → `LAB^1.2.3^ISO/HOSP`. */
export function senderOf(message: Hl7Message): string {
  const app = message.msh.rawField(3) ?? '';
  const facility = message.msh.rawField(4) ?? '';
  return facility === '' ? app : `${app}/${facility}`;
}

/** The idempotency key: MSH-3, MSH-4 and MSH-10 as received, joined by `|`. */
export function idempotencyKeyOf(message: Hl7Message): string {
  return [3, 4, 10].map((f) => message.msh.rawField(f) ?? '').join('|');
}

/** The key of an input without a usable MSH: one key per distinct payload. */
export function unparsedKey(hash: string): string {
  return `unparsed|${hash}`;
}

/** `ADT^A01` (MSH-9.1 ^ MSH-9.2), or undefined when MSH-9.1 is empty. */
export function messageTypeOf(message: Hl7Message): string | undefined {
  const { code, trigger } = message.type;
  if (code === undefined || code === '') return undefined;
  return trigger === undefined || trigger === '' ? code : `${code}^${trigger}`;
}

/**
 * The ordering key: the first PID-3 repetition's id and assigning authority (`123^^^HOSP` → `HOSP|123`).
 * Merges (MRG) are keyed by the surviving patient like any other message about it. Undefined without
 * a PID-3, so such messages are not held behind any patient.
 */
export function patientKeyOf(message: Hl7Message): string | undefined {
  const pid = message.segment('PID');
  if (pid === undefined) return undefined;
  const id = message.get('PID-3[1].1');
  if (typeof id !== 'string' || id.trim() === '') return undefined;
  const authority = message.get('PID-3[1].4'); // HD.1 (first subcomponent)
  return `${typeof authority === 'string' ? authority.trim() : ''}|${id.trim()}`;
}
