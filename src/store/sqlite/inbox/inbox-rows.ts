/** Row ↔ entry mapping of the SQLite inbox. */
import type { OperationOutcome } from 'fhir/r4.js';
import type { InboxChannel, InboxEntry, InboxState } from '../../../ports/inbox.js';

/** A row of `inbox` as better-sqlite3 returns it. */
export interface InboxRow {
  id: number;
  format: string;
  channel: string;
  sender: string;
  origin: string;
  message_type: string | null;
  control_id: string | null;
  idem_key: string;
  payload_hash: string;
  raw: Buffer | null;
  received_at: string;
  updated_at: string;
  state: string;
  attempts: number;
  lease_owner: string | null;
  lease_until: string | null;
  not_before: string | null;
  ack_code: string | null;
  ack_text: string | null;
  ack_encoding: string | null;
  outcome: string | null;
  patient_key: string | null;
  conflict_of: number | null;
}

const opt = <T>(v: T | null): T | undefined => (v === null ? undefined : v);

/** The entry of a row. */
export function toEntry(r: InboxRow): InboxEntry {
  return {
    id: String(r.id),
    format: r.format,
    channel: r.channel as InboxChannel,
    sender: r.sender,
    origin: r.origin,
    ...(r.message_type === null ? {} : { messageType: r.message_type }),
    ...(r.control_id === null ? {} : { controlId: r.control_id }),
    idempotencyKey: r.idem_key,
    payloadHash: r.payload_hash,
    raw: opt(r.raw),
    receivedAt: r.received_at,
    updatedAt: r.updated_at,
    state: r.state as InboxState,
    attempts: r.attempts,
    lease: r.lease_owner === null || r.lease_until === null ? undefined : { owner: r.lease_owner, until: r.lease_until },
    notBefore: opt(r.not_before),
    ack: r.ack_code === null || r.ack_text === null ? undefined : { code: r.ack_code, text: r.ack_text, encoding: r.ack_encoding ?? 'utf8' },
    outcome: r.outcome === null ? undefined : (JSON.parse(r.outcome) as OperationOutcome),
    ...(r.patient_key === null ? {} : { patientKey: r.patient_key }),
    conflictOf: r.conflict_of === null ? undefined : String(r.conflict_of),
  };
}

/** Parses an entry id; undefined for anything that cannot be one (so lookups simply miss). */
export function rowId(id: string): number | undefined {
  return /^[1-9]\d{0,15}$/.test(id) ? Number(id) : undefined;
}
