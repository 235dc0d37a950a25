/**
 * Inbox port: the durable store of every inbound payload (HL7 v2 today, X12 and vendor JSON next),
 * written before anything is acknowledged. An entry moves `received → processing → done | failed | dead`;
 * work is claimed with a lease so several instances can share one inbox; the idempotency key plus the
 * payload hash tell a duplicate (same key, same hash: answer again, write nothing) from a conflict (same
 * key, other payload: flagged, never treated as the same message). DESIGN.md "Ingestion".
 * https://www.hl7.org/documentcenter/public/wg/inm/mllp_transport_specification.PDF (reliable delivery)
 */
import type { OperationOutcome } from 'fhir/r4.js';

/**
 * `received`: stored, waiting for (another) processing attempt; `processing`: leased by a worker;
 * `done`: applied; `failed`: content error (the dead letter; replayable after a mapping fix);
 * `dead`: never processable as sent (unparseable, unsupported, conflicting key, attempts exhausted).
 */
export type InboxState = 'received' | 'processing' | 'done' | 'failed' | 'dead';

/** Every state, in lifecycle order. */
export const INBOX_STATES: readonly InboxState[] = ['received', 'processing', 'done', 'failed', 'dead'];

/** The door a payload came in by. */
export type InboxChannel = 'mllp' | 'http';

/** The answer given (and given again to a duplicate). */
export interface StoredAck {
  /** MSA-1 (AA, AE, AR, CA, CE, CR), or the X12 equivalent later. */
  readonly code: string;
  /** The acknowledgement as sent (ER7 text). */
  readonly text: string;
  /** Node / iconv-lite encoding to send `text` with. */
  readonly encoding: string;
}

/** What a channel hands to the inbox. */
export interface NewInboxEntry {
  /** Payload format, e.g. `hl7v2`. */
  readonly format: string;
  readonly channel: InboxChannel;
  /** Who sent it as the message says (HL7: MSH-3^MSH-4 as received); `''` when unknown. */
  readonly sender: string;
  /** Where it came from: `mllp:10.0.0.5`, `http:client-id`. Not PHI. */
  readonly origin: string;
  /** HL7: `ADT^A01`; undefined when unreadable. */
  readonly messageType?: string;
  /** HL7 MSH-10; undefined when unreadable. */
  readonly controlId?: string;
  /** The idempotency key (HL7: MSH-3, MSH-4, MSH-10); entries with equal key and hash are one message. */
  readonly idempotencyKey: string;
  /** Lower-case hex sha256 of `raw`. */
  readonly payloadHash: string;
  readonly raw: Buffer;
  /** ISO instant. */
  readonly receivedAt: string;
  /** Patient key for per-patient ordering (may be PHI: only on the detail view). */
  readonly patientKey?: string;
  /** Initial state: `processing` (with `lease`) when the receiver processes it at once. */
  readonly state: 'received' | 'processing' | 'dead';
  readonly lease?: InboxLease;
  /** The answer of an entry refused on arrival (`dead`), stored with it. */
  readonly ack?: StoredAck;
  readonly outcome?: OperationOutcome;
}

/** A worker's claim on an entry. */
export interface InboxLease {
  readonly owner: string;
  /** ISO instant after which another worker may take the entry over. */
  readonly until: string;
}

/** A stored entry. `raw` is undefined once retention purged it. */
export interface InboxEntry extends Omit<NewInboxEntry, 'raw' | 'state' | 'lease' | 'ack' | 'outcome'> {
  /** Store-assigned id, increasing in arrival order. */
  readonly id: string;
  readonly raw: Buffer | undefined;
  readonly state: InboxState;
  readonly lease: InboxLease | undefined;
  readonly attempts: number;
  /** ISO instant of the last change. */
  readonly updatedAt: string;
  /** ISO instant before which a `received` entry is not retried. */
  readonly notBefore: string | undefined;
  readonly ack: StoredAck | undefined;
  readonly outcome: OperationOutcome | undefined;
  /** Set on a conflict entry: the id of the earlier entry with the same key and another payload. */
  readonly conflictOf: string | undefined;
}

/**
 * Result of `put`: a new entry, an earlier one with the same key and hash (nothing written), or a new
 * entry (in the state asked for) flagged as conflicting with the earlier entry `original`: processing
 * it means answering the conflict, never applying it.
 */
export type InboxPutResult =
  | { readonly kind: 'created'; readonly entry: InboxEntry }
  | { readonly kind: 'duplicate'; readonly entry: InboxEntry }
  | { readonly kind: 'conflict'; readonly entry: InboxEntry; readonly original: InboxEntry };

/** The end of a processing attempt. */
export interface InboxCompletion {
  readonly state: InboxState;
  readonly ack?: StoredAck;
  readonly outcome?: OperationOutcome;
  readonly patientKey?: string;
  /** Counts one more attempt (false for answers that did not process, e.g. a refusal). */
  readonly attempted: boolean;
  /** For `received`: not retried before this ISO instant. */
  readonly notBefore?: string;
}

/** Filter of `list` (all fields optional, combined with AND). Times are ISO instants, inclusive. */
export interface InboxQuery {
  readonly sender?: string;
  readonly messageType?: string;
  readonly controlId?: string;
  readonly states?: readonly InboxState[];
  readonly receivedFrom?: string;
  readonly receivedTo?: string;
  /** Page size. */
  readonly limit: number;
  /** Keyset paging: entries with an id after (older than) this one, newest first. */
  readonly after?: string;
}

/** A page of `list`, newest first. */
export interface InboxPage {
  readonly entries: readonly InboxEntry[];
  /** Pass as `after` for the next page; undefined on the last one. */
  readonly next: string | undefined;
}

/** The inbox. Every method throws on a storage failure (the caller answers AR / 503). */
export interface Inbox {
  /** Stores a new payload durably (resolves only once committed), or finds its duplicate / conflict. */
  put(entry: NewInboxEntry): Promise<InboxPutResult>;
  /**
   * Optional: `put` that resolves as soon as the write is committed but before it is on disk, with
   * `durable` settling once it is (rejecting when the fsync failed). Lets the receiver process the
   * message while the fsync runs; nothing may be acknowledged before `durable` resolved.
   */
  putEarly?(entry: NewInboxEntry): Promise<{ readonly result: InboxPutResult; readonly durable: Promise<void> }>;
  get(id: string): Promise<InboxEntry | undefined>;
  /**
   * Leases `id` for `owner` until `until` when it is `received` (retry due or not), expired-leased, or
   * `force` (replay of a `done` / `failed` / `dead` entry); the leased entry, else undefined.
   */
  claim(id: string, owner: string, until: string, now: string, force?: boolean): Promise<InboxEntry | undefined>;
  /**
   * Leases up to `limit` entries due for (re)processing: `received` ones whose `notBefore` has passed,
   * and `processing` ones whose lease expired; oldest first.
   */
  claimDue(owner: string, until: string, now: string, limit: number): Promise<InboxEntry[]>;
  /** Ends `owner`'s attempt on `id`, clearing the lease; false when the lease was lost meanwhile. */
  complete(id: string, owner: string, completion: InboxCompletion, now: string): Promise<boolean>;
  list(query: InboxQuery): Promise<InboxPage>;
  /** Retention: drops the raw payload of `done` entries received before `before`; answers how many. */
  purgeRaw(before: string): Promise<number>;
  close(): Promise<void>;
}
