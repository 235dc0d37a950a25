/**
 * The HL7 v2 pipeline: the one place that orders receive → store durably → acknowledge → process
 * (parse, classify, translate, commit) → acknowledge, for every channel (MLLP, HTTP). Also the retry
 * worker (entries left `received` by a transient failure or a crash), replay and the retention sweep.
 *
 * Original mode: one ACK, after the FHIR writes committed (AA) or failed (AE), or at once when the
 * message is refused or cannot be stored (AR). Enhanced mode: CA / CE / CR once stored as MSH-15 asks,
 * then AA / AE / AR as MSH-16 asks. Every ACK that accepts is sent only after the inbox write
 * committed. Messages about one patient are processed in arrival order; others in parallel.
 * https://www.hl7.org/implement/standards/product_brief.cfm?product_id=185 (v2.5.1 §2.9) · DESIGN.md "Ingestion"
 */
import { conflict, notFound, outcome as toOutcome } from '../../core/outcomes.js';
import type { InboxChannel, InboxEntry, InboxPutResult, StoredAck } from '../../ports/inbox.js';
import { ackToSend, readAckMode, type AckMode, type AckOutcome } from '../../translators/hl7v2/ack/index.js';
import { hl7Issue, type Hl7Message } from '../../translators/hl7v2/parser/index.js';
import { KeyedQueue } from '../keyed-queue.js';
import { ackControlIds, ackFor, nakFor, transientOutcome, type AckContext } from './acks.js';
import { dryRunEntry, type DryRunResult } from './dry-run.js';
import { idempotencyKeyOf, messageTypeOf, patientKeyOf, payloadHash, senderOf, unparsedKey } from './message-keys.js';
import { parseEntry, processEntry, refusalOf, type ProcessResult } from './process-entry.js';
import { DEFAULT_PIPELINE_OPTIONS, type Hl7v2PipelineDeps, type Hl7v2PipelineOptions } from './types.js';

/** Where a payload came from. */
export interface ReceiveSource {
  readonly channel: InboxChannel;
  /** `mllp:10.0.0.5`, `http:client-id` (no PHI). */
  readonly origin: string;
}

/** Called with each ACK to send, in order (0, 1 or 2 per message). */
export type SendAck = (ack: StoredAck) => void;

/** The result of a replay. */
export interface ReplayResult {
  readonly id: string;
  readonly state: string;
  readonly ackCode: string;
  readonly issues: readonly unknown[];
}

/** The pipeline (one per process). */
export class Hl7v2Pipeline {
  readonly #deps: Hl7v2PipelineDeps;
  readonly #options: Hl7v2PipelineOptions;
  readonly #queue: KeyedQueue;
  readonly #ack: AckContext;
  /** Entries being processed here: their final result, for duplicates arriving meanwhile. */
  readonly #inflight = new Map<string, Promise<ProcessResult>>();
  /** Set while the retry worker claims entries; settles once their runs are in `#inflight`. */
  #claiming: Promise<void> | undefined;
  #timers: NodeJS.Timeout[] = [];
  #retrying = false;
  #closed = false;

  constructor(deps: Hl7v2PipelineDeps) {
    this.#deps = deps;
    this.#options = { ...DEFAULT_PIPELINE_OPTIONS, ...deps.options };
    this.#queue = new KeyedQueue(this.#options.concurrency);
    this.#ack = {
      clock: deps.clock, controlId: ackControlIds(deps.clock),
      ...(this.#options.sendingApplication === undefined ? {} : { sendingApplication: this.#options.sendingApplication }),
      ...(this.#options.sendingFacility === undefined ? {} : { sendingFacility: this.#options.sendingFacility }),
    };
  }

  /** Starts the retry worker and the retention sweep (timers do not keep the process alive). */
  start(): void {
    const every = (ms: number, work: () => Promise<unknown>): void => {
      if (ms <= 0) return;
      const t = setInterval(() => void work().catch((e: unknown) => this.#deps.logger.warn('inbox background task failed', { error: e instanceof Error ? e.message : String(e) })), ms);
      t.unref();
      this.#timers.push(t);
    };
    every(this.#options.retryIntervalMs, () => this.retryDue());
    if (this.#options.retentionDays > 0) every(this.#options.retentionSweepMs, () => this.sweepRetention());
    // Entries a previous process left behind are due at once.
    void this.retryDue().catch(() => undefined);
  }

  /** Stops the timers and waits for the messages being processed (their ACKs are sent). */
  async close(): Promise<void> {
    this.#closed = true;
    for (const t of this.#timers) clearInterval(t);
    this.#timers = [];
    await this.#queue.idle();
  }

  #leaseUntil(): string {
    return new Date(this.#deps.clock().getTime() + this.#options.leaseMs).toISOString();
  }

  /**
   * Receives one payload (an MLLP frame, an HTTP body): stores it, answers and processes it. `send`
   * gets each ACK to send, in order; resolves when the message is finished with (processed or handed
   * to the retry worker). Never rejects.
   */
  async receive(raw: Buffer, source: ReceiveSource, send: SendAck): Promise<void> {
    try {
      await this.#receive(raw, source, send);
    } catch (e) {
      // A bug, not bad input: answer AR (nothing was acknowledged as accepted) and keep serving.
      this.#deps.logger.error('hl7v2 receive failed', { origin: source.origin, err: e });
      send(nakFor(raw, [transientOutcome('internal error; resend later').issues?.[0]].filter((i) => i !== undefined), this.#ack));
    }
  }

  async #receive(raw: Buffer, source: ReceiveSource, send: SendAck): Promise<void> {
    const now = this.#deps.clock().toISOString();
    const hash = payloadHash(raw);
    const { message, issues } = parseEntry(raw);
    const base = { format: 'hl7v2', channel: source.channel, origin: source.origin, payloadHash: hash, raw, receivedAt: now };
    if (message === undefined) {
      const ack = nakFor(raw, issues, this.#ack);
      const put = await this.#put({ ...base, sender: '', idempotencyKey: unparsedKey(hash), state: 'dead', ack, outcome: toOutcome(...issues) });
      this.#deps.logger.warn('hl7v2 input without a usable message', { origin: source.origin, entryId: put?.entry.id, bytes: raw.length });
      send(put?.kind === 'duplicate' && put.entry.ack !== undefined ? put.entry.ack : ack);
      return;
    }
    const mode = readAckMode(message);
    const header = {
      ...base, sender: senderOf(message), idempotencyKey: idempotencyKeyOf(message),
      ...optional('messageType', messageTypeOf(message)), ...optional('controlId', message.controlId),
      ...optional('patientKey', patientKeyOf(message)),
    };
    const refusal = refusalOf(message, this.#deps);
    if (refusal !== undefined) {
      const ack = ackFor(message, refusal, 'accept', this.#ack);
      const put = await this.#put({ ...header, state: 'dead', ack, ...(refusal.issues === undefined ? {} : { outcome: toOutcome(...refusal.issues) }) });
      this.#deps.logger.info('hl7v2 message refused', { entryId: put?.entry.id, controlId: message.controlId, code: ack.code });
      if (put?.kind === 'duplicate' && put.entry.ack !== undefined) send(put.entry.ack);
      else if (ackToSend(mode, 'accept', refusal) !== undefined) send(ack);
      return;
    }
    const stored = await this.#putEarly({ ...header, state: 'processing', lease: { owner: this.#deps.owner, until: this.#leaseUntil() } });
    const put = stored?.result;
    const notStored = (): void => {
      const outcome = transientOutcome('the message could not be stored; resend it later');
      if (ackToSend(mode, 'accept', outcome) !== undefined) send(ackFor(message, outcome, 'accept', this.#ack));
    };
    if (put === undefined) return notStored();
    let entry: InboxEntry | undefined = put.entry;
    let running: Promise<ProcessResult>;
    if (put.kind === 'created') {
      // Processed while the inbox fsync runs; no ACK is sent before the payload is on disk.
      running = this.#processQueued(entry, message);
      if (!(await stored?.durable)) return notStored();
    } else {
      if (!(await stored?.durable)) return notStored();
      if (put.kind === 'duplicate') {
        entry = await this.#duplicate(put.entry, message, mode, send);
        if (entry === undefined) return;
      }
      running = this.#processQueued(entry, message);
    }
    this.#acceptStage(message, mode, send);
    const done = await running;
    const outcome = done.outcome;
    if (done.transient && mode.kind === 'enhanced') return; // accepted (CA): retried here, not refused
    if (ackToSend(mode, 'application', outcome) !== undefined) send(done.ack);
  }

  /** The NAK (AR) of input that never reached the pipeline (e.g. an MLLP frame over the size limit). */
  nak(detail: string): StoredAck {
    return nakFor(Buffer.alloc(0), [hl7Issue('error', '207', detail, 'MSH')], this.#ack);
  }

  /** Puts `entry`; undefined when the inbox cannot store it now (logged). */
  async #put(entry: Parameters<Hl7v2PipelineDeps['inbox']['put']>[0]): Promise<InboxPutResult | undefined> {
    try {
      return await this.#deps.inbox.put(entry);
    } catch (e) {
      this.#deps.logger.error('inbox write failed', { controlId: entry.controlId, error: e instanceof Error ? e.message : String(e) });
      return undefined;
    }
  }

  /**
   * Puts `entry`, answering at COMMIT when the inbox can (`putEarly`): `durable` resolves true once the
   * payload is on disk, false when it could not be made durable (logged). Undefined when not stored.
   */
  async #putEarly(entry: Parameters<Hl7v2PipelineDeps['inbox']['put']>[0]): Promise<{ result: InboxPutResult; durable: Promise<boolean> } | undefined> {
    const inbox = this.#deps.inbox;
    if (inbox.putEarly === undefined) {
      const result = await this.#put(entry);
      return result === undefined ? undefined : { result, durable: Promise.resolve(true) };
    }
    try {
      const { result, durable } = await inbox.putEarly(entry);
      return {
        result,
        durable: durable.then(() => true, (e: unknown) => {
          this.#deps.logger.error('inbox fsync failed', { controlId: entry.controlId, error: e instanceof Error ? e.message : String(e) });
          return false;
        }),
      };
    } catch (e) {
      this.#deps.logger.error('inbox write failed', { controlId: entry.controlId, error: e instanceof Error ? e.message : String(e) });
      return undefined;
    }
  }

  /** Enhanced mode: CA once stored, as MSH-15 asks. */
  #acceptStage(message: Hl7Message, mode: AckMode, send: SendAck): void {
    const accepted: AckOutcome = { kind: 'accepted' };
    if (ackToSend(mode, 'accept', accepted) !== undefined) send(ackFor(message, accepted, 'accept', this.#ack));
  }

  /**
   * A payload seen before (same key and hash): the stored answer again, with no writes; the entry to
   * process when it is still waiting for a (re)try; or the result of the attempt running here.
   */
  async #duplicate(entry: InboxEntry, message: Hl7Message, mode: AckMode, send: SendAck): Promise<InboxEntry | undefined> {
    if (await this.#answeredByRun(entry, message, mode, send)) return undefined;
    if (this.#answeredFromInbox(entry, message, send)) return undefined;
    const now = this.#deps.clock().toISOString();
    const claimed = await this.#deps.inbox.claim(entry.id, this.#deps.owner, this.#leaseUntil(), now).catch(() => undefined);
    if (claimed !== undefined) return claimed;
    // The retry worker of this process may hold it (a resend of what a crash left behind, answered
    // while the recovery claims it): wait for that run, or for the answer it stored.
    await this.#claiming;
    if (await this.#answeredByRun(entry, message, mode, send)) return undefined;
    const latest = await this.#deps.inbox.get(entry.id).catch(() => undefined);
    if (latest !== undefined && this.#answeredFromInbox(latest, message, send)) return undefined;
    send(ackFor(message, transientOutcome('the message is being processed; resend it later'), 'accept', this.#ack));
    return undefined;
  }

  /** Answers a duplicate with the result of the attempt running here, if one runs; false otherwise. */
  async #answeredByRun(entry: InboxEntry, message: Hl7Message, mode: AckMode, send: SendAck): Promise<boolean> {
    const running = this.#inflight.get(entry.id);
    if (running === undefined) return false;
    const r = await running;
    if (!r.transient && ackToSend(mode, 'application', r.outcome) !== undefined) send(r.ack);
    else if (r.transient) send(ackFor(message, r.outcome, 'accept', this.#ack));
    return true;
  }

  /** Answers a duplicate of a finished entry with its stored ACK; false when it is not finished. */
  #answeredFromInbox(entry: InboxEntry, message: Hl7Message, send: SendAck): boolean {
    if (entry.state !== 'done' && entry.state !== 'failed' && entry.state !== 'dead') return false;
    this.#deps.logger.info('hl7v2 duplicate answered from the inbox', { entryId: entry.id, controlId: entry.controlId });
    send(entry.ack ?? ackFor(message, stateOutcome(entry), 'application', this.#ack));
    return true;
  }

  /** Processes `entry` (leased by us) in its patient's turn and records the result. */
  #processQueued(entry: InboxEntry, message?: Hl7Message): Promise<ProcessResult> {
    const existing = this.#inflight.get(entry.id);
    if (existing !== undefined) return existing;
    const key = entry.patientKey === undefined ? `entry:${entry.id}` : `patient:${entry.patientKey}`;
    const run = this.#queue.run(key, async () => {
      const r = await processEntry(this.#deps, this.#ack, entry, message);
      await this.#record(entry, r);
      return r;
    }).finally(() => this.#inflight.delete(entry.id));
    this.#inflight.set(entry.id, run);
    return run;
  }

  /** Records an attempt's result; a transient failure is retried later with backoff, then goes dead. */
  async #record(entry: InboxEntry, r: ProcessResult): Promise<void> {
    const now = this.#deps.clock();
    const attempts = entry.attempts + 1;
    const exhausted = r.transient && attempts >= this.#options.maxAttempts;
    const backoffMs = Math.min(600_000, 1000 * 2 ** Math.min(attempts, 10));
    const ok = await this.#deps.inbox.complete(entry.id, this.#deps.owner, {
      state: exhausted ? 'dead' : r.state,
      attempted: true,
      ...(r.transient && !exhausted ? { notBefore: new Date(now.getTime() + backoffMs).toISOString() } : { ack: r.ack }),
      // The entry keeps the ordering key it was queued under (PID-3), so retries queue behind the same
      // patient's new messages.
      ...(r.operationOutcome === undefined ? {} : { outcome: r.operationOutcome }),
    }, now.toISOString()).catch((e: unknown) => {
      this.#deps.logger.error('inbox update failed', { entryId: entry.id, error: e instanceof Error ? e.message : String(e) });
      return false;
    });
    if (!ok) this.#deps.logger.warn('inbox lease lost before the result was recorded', { entryId: entry.id });
    this.#deps.logger.info('hl7v2 message processed', { entryId: entry.id, controlId: entry.controlId, state: r.state, code: r.ack.code });
  }

  /** One pass of the retry worker: processes entries due for a retry (and expired leases). */
  async retryDue(limit = 100): Promise<number> {
    if (this.#retrying || this.#closed) return 0;
    this.#retrying = true;
    try {
      const now = this.#deps.clock().toISOString();
      let registered = (): void => undefined;
      this.#claiming = new Promise<void>((resolve) => {
        registered = resolve;
      });
      let runs: Promise<ProcessResult>[];
      try {
        const due = await this.#deps.inbox.claimDue(this.#deps.owner, this.#leaseUntil(), now, limit);
        runs = due.filter((e) => !this.#inflight.has(e.id)).map((e) => this.#processQueued(e));
      } finally {
        registered();
        this.#claiming = undefined;
      }
      await Promise.all(runs);
      return runs.length;
    } finally {
      this.#retrying = false;
    }
  }

  /** Retention: drops raw payloads of done entries older than the configured days. */
  async sweepRetention(): Promise<number> {
    const before = new Date(this.#deps.clock().getTime() - this.#options.retentionDays * 86_400_000).toISOString();
    const n = await this.#deps.inbox.purgeRaw(before);
    if (n > 0) this.#deps.logger.info('inbox retention: raw payloads dropped', { count: n, before });
    return n;
  }

  /** Processes entry `id` again (after a mapping fix); 404 unknown, 409 when it cannot be replayed now. */
  async replay(id: string): Promise<ReplayResult> {
    const entry = await this.#checkReplayable(id);
    const claimed = await this.#deps.inbox.claim(entry.id, this.#deps.owner, this.#leaseUntil(), this.#deps.clock().toISOString(), true);
    if (claimed === undefined) throw conflict(`inbox entry ${id} is being processed or is a conflicting duplicate; it cannot be replayed now`);
    const r = await this.#processQueued(claimed);
    return { id, state: r.transient ? 'received' : r.state, ackCode: r.ack.code, issues: r.operationOutcome?.issue ?? [] };
  }

  /** What replaying entry `id` would change, without writing anything. */
  async dryRun(id: string): Promise<DryRunResult> {
    const entry = await this.#checkReplayable(id);
    return dryRunEntry(this.#deps, entry);
  }

  async #checkReplayable(id: string): Promise<InboxEntry> {
    const entry = await this.#deps.inbox.get(id);
    if (entry === undefined) throw notFound(`inbox entry ${id} not found`);
    if (entry.raw === undefined) throw conflict(`the raw message of inbox entry ${id} was removed by retention; it cannot be replayed`);
    if (entry.conflictOf !== undefined) throw conflict(`inbox entry ${id} reuses the key of entry ${entry.conflictOf} with another payload; it is never applied`);
    return entry;
  }
}

function optional<K extends string>(key: K, value: string | undefined): { [P in K]?: string } {
  return (value === undefined ? {} : { [key]: value }) as { [P in K]?: string };
}

/** The outcome an entry's state stands for (when no ACK was stored with it). */
function stateOutcome(entry: InboxEntry): AckOutcome {
  const issues = entry.outcome?.issue ?? [];
  switch (entry.state) {
    case 'done': return { kind: 'accepted', issues };
    case 'failed': return { kind: 'error', issues };
    default: return { kind: 'rejected', reason: 'unsupported-message-type', issues };
  }
}
