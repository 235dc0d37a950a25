/**
 * The X12 pipeline: receive → store durably in the inbox → validate, translate, commit, answer. The
 * answer is a sequence of complete interchanges (application/edi-x12): the TA1 (when one is due),
 * the 999 of each functional group, then each response transaction in its own interchange (271, 277,
 * 278 response, and the 277CA of accepted 837 claims). Duplicates (same key and hash) get the stored
 * answer with no writes; a reused key with another payload gets a TA1 R 025 and is never applied;
 * acknowledgements (999 / TA1 input) are stored and never acknowledged. Large files can be processed
 * in the background (`receiveAsync`) with progress; big 837 batches are streamed with bounded memory
 * (x12-batch-stream.ts). DESIGN.md "Ingestion"; https://x12.org (TA1, 999)
 */
import type { Bundle, ClaimResponse } from 'fhir/r4.js';
import type { CodeMapper } from '../../core/code-mapping.js';
import { conflict, fail, notFound, outcome as toOutcome } from '../../core/outcomes.js';
import type { Logger } from '../../log/logger.js';
import type { Inbox, InboxEntry, InboxPutResult, NewInboxEntry, StoredAck } from '../../ports/inbox.js';
import type { FhirInteractions, RequestContext } from '../../repository/types.js';
import { acknowledgeInterchange, isAcknowledgementInterchange, type AckContext, type AckControlNumbers } from '../../translators/x12/ack/index.js';
import type { X12TranslateContext } from '../../translators/x12/fhir/index.js';
import { CLAIM_NOT_FOUND, respondToX12, type X12Answer, type X12Lookups } from '../../translators/x12/generate/index.js';
import { parseX12 } from '../../translators/x12/index.js';
import { inboxEntryUri, withProvenance } from '../provenance.js';
import { X12ControlNumbers } from './control-numbers.js';
import { dryRunX12Entry } from './dry-run.js';
import type { DryRunResult } from '../hl7v2/dry-run.js';
import { applyEnrollment } from './enrollment.js';
import { applyPartnerAliases, x12EnvelopeOf, x12KeysOf, x12PayloadHash } from './keys.js';
import { prefetchLookups } from './lookups.js';
import { review278Response } from './review-decision.js';
import { pasClaimOf, pasTo278 } from './pas-submit.js';
import { pasResponseBundle, storePasBundle } from './pas-store.js';
import { partProvenanceId, setParts, setProvenance } from './set-parts.js';
import { answerCode } from './stream-acks.js';
import { processX12Stream, streamsX12, type X12JobProgress, type X12StreamAnswer } from './x12-batch-stream.js';

/** What the pipeline is built from. */
export interface X12PipelineDeps {
  /** An inbox of X12 entries only (its retry worker claims every due entry). */
  readonly inbox: Inbox;
  readonly repo: FhirInteractions;
  readonly codes: CodeMapper;
  readonly fhirBaseUrl: string;
  readonly clock: () => Date;
  readonly ids: () => string;
  readonly logger: Logger;
  readonly owner: string;
  /** `X12_PARTNER_ALIASES`. */
  readonly aliases: Readonly<Record<string, string>>;
  readonly leaseMs?: number;
  /** ISA13 / GS06 of what we send, per partner pair (default: counters in memory from 1). */
  readonly controlNumbers?: AckControlNumbers;
  /** Inputs of 837 sets only at least this big are processed streamed (default `X12_STREAM_MIN_BYTES`). */
  readonly streamMinBytes?: number;
}

/** The synchronous answer: a body (possibly empty: nothing to acknowledge) and the inbox entry. */
export interface X12Reply {
  readonly entryId: string | undefined;
  readonly code: string;
  readonly text: string;
}

/** Status of a background job (`GET /ingest/x12/{id}`). */
export interface X12JobStatus {
  readonly id: string;
  readonly state: string;
  readonly transactionSets: number;
  readonly committed: number;
  readonly code: string | undefined;
  /** Streamed jobs (x12-batch-stream.ts): the pass running, and the 837 claims of the accepted sets. */
  readonly phase?: 'validating' | 'committing';
  readonly units?: { readonly total: number; readonly committed: number; readonly rejected: number };
}

/** Lookups of inputs without inquiries (never asked). */
const NO_LOOKUPS: X12Lookups = { coverages: () => [], claimStatus: () => CLAIM_NOT_FOUND };

/** The pipeline (one per process). */
export class X12Pipeline {
  readonly #deps: X12PipelineDeps;
  readonly #ack: AckContext;
  readonly #inflight = new Map<string, Promise<X12Reply>>();
  readonly #progress = new Map<string, X12JobProgress>();

  constructor(deps: X12PipelineDeps) {
    this.#deps = deps;
    this.#ack = { clock: deps.clock, controlNumbers: deps.controlNumbers ?? X12ControlNumbers.inMemory() };
  }

  #until(): string {
    return new Date(this.#deps.clock().getTime() + (this.#deps.leaseMs ?? 300_000)).toISOString();
  }

  /** Stores, processes and answers `raw` now (real-time 270 / 276 / 278 and small batches). */
  async receive(raw: Buffer, origin: string): Promise<X12Reply> {
    const put = await this.#put(raw, origin, 'processing');
    if (put.kind === 'conflict') return this.#conflict(put.entry, raw, put.original.id);
    if (put.kind === 'duplicate') return this.#duplicate(put.entry);
    return this.#run(put.entry);
  }

  /** Stores `raw` and processes it in the background; the entry id to poll. */
  async receiveAsync(raw: Buffer, origin: string): Promise<{ readonly id: string; readonly duplicate: boolean }> {
    const put = await this.#put(raw, origin, 'received');
    if (put.kind === 'conflict') {
      await this.#conflict(put.entry, raw, put.original.id);
      return { id: put.entry.id, duplicate: false };
    }
    if (put.kind === 'created') {
      setImmediate(() => void this.#claimAndRun(put.entry.id));
    }
    return { id: put.entry.id, duplicate: put.kind === 'duplicate' };
  }

  /** A background job's state and progress; undefined when unknown. */
  async status(id: string): Promise<{ status: X12JobStatus; answer: StoredAck | undefined } | undefined> {
    const entry = await this.#deps.inbox.get(id);
    if (entry === undefined || entry.format !== 'x12') return undefined;
    const p = this.#progress.get(id);
    return {
      status: {
        id, state: entry.state, transactionSets: p?.total ?? 0, committed: p?.committed ?? 0, code: entry.ack?.code,
        ...(p?.phase === undefined || entry.ack !== undefined ? {} : { phase: p.phase }), ...(p?.units === undefined ? {} : { units: { ...p.units } }),
      },
      answer: entry.ack,
    };
  }

  /**
   * The current 278 response of prior authorization Claim `claimId`: pended (A4) until a ClaimResponse
   * with outcome complete is recorded, then the final decision (review-decision.ts).
   */
  async review278(claimId: string): Promise<{ readonly text: string; readonly action: string }> {
    const ctx: RequestContext = { baseUrl: this.#deps.fhirBaseUrl, source: undefined, lenient: true, patientCompartment: undefined };
    const r = await review278Response(this.#deps, ctx, claimId, this.#ack);
    return { text: r.response.text, action: r.decision.action };
  }

  /**
   * `Claim/$submit`: the PAS Bundle becomes its 278 request (pas-submit.ts), received like any other
   * (inbox, translation, pended 278 response). Answers the PAS response Bundle (ClaimResponse first,
   * then the Claim) and the 278 response text.
   */
  async submitPas(body: unknown, origin: string): Promise<{ readonly bundle: Bundle; readonly x12: string }> {
    const { bundle, claim } = pasClaimOf(body);
    const trace = (claim.identifier?.[0]?.value ?? this.#deps.ids()).replace(/[^A-Za-z0-9-]/g, '').slice(0, 30);
    const now = this.#deps.clock();
    const day = now.toISOString().slice(0, 10).replaceAll('-', '');
    const control = String(this.#ack.controlNumbers.interchange({ sender: 'ZZ:FHIRPAS', receiver: 'ZZ:LYFEAI' })).padStart(9, '0');
    const segs = pasTo278(bundle, claim, trace, day);
    const pad = (v: string): string => v.padEnd(15, ' ');
    const text = [
      `ISA*00*${' '.repeat(10)}*00*${' '.repeat(10)}*ZZ*${pad('FHIRPAS')}*ZZ*${pad('LYFEAI')}*${day.slice(2)}*1200*^*00501*${control}*0*P*:`,
      `GS*HI*FHIRPAS*LYFEAI*${day}*1200*${Number(control)}*X*005010X217`, 'ST*278*0001*005010X217', ...segs, `SE*${segs.length + 2}*0001`,
      `GE*1*${Number(control)}`, `IEA*1*${control}`,
    ].map((l) => `${l}~`).join('');
    const reply = await this.receive(Buffer.from(text, 'latin1'), origin);
    if (reply.code === 'unavailable') throw fail('unavailable', 'the request is stored but could not be applied now; it is retried, or resend it later');
    const read: RequestContext = { baseUrl: this.#deps.fhirBaseUrl, source: undefined, lenient: true, patientCompartment: undefined };
    const claims = await this.#deps.repo.search(read, 'Claim', new URLSearchParams({ identifier: trace, use: 'preauthorization', _count: '1' }));
    const stored = claims.entry?.[0]?.resource;
    if (stored?.resourceType !== 'Claim') throw fail('unprocessable', `the prior authorization request was not accepted (X12 278 acknowledgement ${reply.code})`);
    const responses = stored.id === undefined ? undefined
      : await this.#deps.repo.search(read, 'ClaimResponse', new URLSearchParams({ request: `Claim/${stored.id}`, _count: '1' }));
    const pended = responses?.entry?.find((e) => e.resource?.resourceType === 'ClaimResponse')?.resource as ClaimResponse | undefined;
    // The submitted resources are stored with the 278's inbox entry as their source (review278 reads it back).
    const write: RequestContext = { ...read, source: stored.meta?.source };
    const saved = await storePasBundle(this.#deps.repo, write, { bundle, claim, stored, pended, ids: this.#deps.ids });
    return { bundle: await pasResponseBundle(this.#deps.repo, read, bundle, saved.claim, saved.response, now, this.#deps.ids), x12: reply.text };
  }

  /**
   * Processes inbox entry `id` again (after a mapping fix): validated, translated and committed as on
   * arrival (conditional writes converge), with a new answer recorded. 404 unknown, 409 not replayable.
   */
  async replay(id: string): Promise<{ readonly id: string; readonly state: string; readonly ackCode: string; readonly issues: readonly unknown[] }> {
    await this.#replayable(id);
    const claimed = await this.#deps.inbox.claim(id, this.#deps.owner, this.#until(), this.#deps.clock().toISOString(), true);
    if (claimed === undefined) throw conflict(`X12 inbox entry ${id} is being processed; it cannot be replayed now`);
    const reply = await this.#run(claimed, true);
    const after = await this.#deps.inbox.get(id);
    return { id, state: reply.code === 'unavailable' ? 'received' : after?.state ?? 'processing', ackCode: reply.code, issues: after?.outcome?.issue ?? [] };
  }

  /** What replaying entry `id` would change, without writing anything (dry-run.ts). */
  async dryRun(id: string): Promise<DryRunResult> {
    return dryRunX12Entry(this.#deps, await this.#replayable(id));
  }

  async #replayable(id: string): Promise<InboxEntry> {
    const entry = await this.#deps.inbox.get(id);
    if (entry === undefined || entry.format !== 'x12') throw notFound(`X12 inbox entry ${id} not found`);
    if (entry.raw === undefined) throw conflict(`the raw interchange of X12 inbox entry ${id} was removed by retention; it cannot be replayed`);
    if (entry.conflictOf !== undefined) throw conflict(`X12 inbox entry ${id} reuses the key of entry ${entry.conflictOf} with another payload; it is never applied`);
    return entry;
  }

  /** Processes entries left `received` (crash, restart) or with an expired lease. */
  async retryDue(limit = 20): Promise<number> {
    const due = await this.#deps.inbox.claimDue(this.#deps.owner, this.#until(), this.#deps.clock().toISOString(), limit);
    for (const e of due) await this.#run(e);
    return due.length;
  }

  async #claimAndRun(id: string): Promise<void> {
    try {
      const e = await this.#deps.inbox.claim(id, this.#deps.owner, this.#until(), this.#deps.clock().toISOString());
      if (e !== undefined) await this.#run(e);
    } catch (err) {
      this.#deps.logger.error('x12 background processing failed', { entryId: id, error: err instanceof Error ? err.message : String(err) });
    }
  }

  async #put(raw: Buffer, origin: string, state: 'processing' | 'received'): Promise<InboxPutResult> {
    const hash = x12PayloadHash(raw);
    const keys = x12KeysOf(x12EnvelopeOf(raw), hash);
    const entry: NewInboxEntry = {
      format: 'x12', channel: 'http', origin, sender: keys.sender, idempotencyKey: keys.idempotencyKey, payloadHash: hash, raw,
      receivedAt: this.#deps.clock().toISOString(), state,
      ...(keys.messageType === undefined ? {} : { messageType: keys.messageType }),
      ...(keys.controlId === undefined ? {} : { controlId: keys.controlId }),
      ...(state === 'processing' ? { lease: { owner: this.#deps.owner, until: this.#until() } } : {}),
    };
    return this.#deps.inbox.put(entry);
  }

  /** Same key and payload: the stored answer, or the running attempt's, with no writes. */
  async #duplicate(entry: InboxEntry): Promise<X12Reply> {
    const running = this.#inflight.get(entry.id);
    if (running !== undefined) return running;
    if (entry.ack !== undefined) return { entryId: entry.id, code: entry.ack.code, text: entry.ack.text };
    const claimed = await this.#deps.inbox.claim(entry.id, this.#deps.owner, this.#until(), this.#deps.clock().toISOString());
    if (claimed !== undefined) return this.#run(claimed);
    return this.#inflight.get(entry.id) ?? { entryId: entry.id, code: 'pending', text: '' };
  }

  /** Same key, other payload: TA1 R 025 (duplicate interchange control number); never applied. */
  async #conflict(entry: InboxEntry, raw: Buffer, original: string): Promise<X12Reply> {
    const ic = parseX12(raw).envelope.interchanges[0];
    const ta1 = ic === undefined ? undefined : acknowledgeInterchange(ic, [{ level: 'interchange', severity: 'error', ta1: '025', message: `key reused by entry ${original}` }], this.#ack).ta1;
    const ack: StoredAck = { code: ta1?.code ?? 'R', text: ta1?.text ?? '', encoding: 'latin1' };
    await this.#deps.inbox.complete(entry.id, this.#deps.owner, {
      state: 'dead', attempted: false, ack,
      outcome: toOutcome({ severity: 'error', code: 'duplicate', diagnostics: `interchange key reused by inbox entry ${original} with another payload (TA1 025)` }),
    }, this.#deps.clock().toISOString()).catch(() => false);
    this.#deps.logger.warn('x12 interchange key reused with another payload', { entryId: entry.id, original });
    return { entryId: entry.id, code: ack.code, text: ack.text };
  }

  /** Processes `entry` (`replay`: apply everything again, even what an earlier attempt committed). */
  #run(entry: InboxEntry, replay = false): Promise<X12Reply> {
    const running = this.#inflight.get(entry.id);
    if (running !== undefined) return running;
    let settled!: () => void;
    const finished = new Promise<void>((ok) => { settled = ok; });
    const run = this.#process(entry, settled, replay);
    this.#inflight.set(entry.id, run);
    // The entry stays in flight (duplicates wait for it) until its writes and inbox record are done.
    void Promise.all([run.catch(() => undefined), finished]).finally(() => this.#inflight.delete(entry.id));
    return run;
  }

  /**
   * Computes the answer, then commits the translations and records the answer. Inquiries (270 / 276
   * only: the answer does not depend on their own writes) are answered before their writes, the rest
   * after them. `finished` is called once everything is recorded.
   */
  async #process(entry: InboxEntry, finished: () => void, replay: boolean): Promise<X12Reply> {
    const ctx: RequestContext = { baseUrl: this.#deps.fhirBaseUrl, source: inboxEntryUri(entry.id), lenient: true, patientCompartment: undefined };
    // Resume only a first run cut short (no answer recorded yet): a replay, or a retry of a replay, rewrites every part.
    if (streamsX12(entry, this.#deps.streamMinBytes)) return this.#stream(entry, ctx, finished, !replay && entry.ack === undefined && entry.attempts > 0);
    const input = applyPartnerAliases((entry.raw ?? Buffer.alloc(0)).toString('latin1'), this.#deps.aliases);
    const translate: X12TranslateContext = { codes: this.#deps.codes, source: `x12:${entry.sender}`, ids: this.#deps.ids, now: this.#deps.clock };
    const envelope = x12EnvelopeOf(input);
    const ackOnly = envelope.interchanges.length > 0 && envelope.interchanges.every(isAcknowledgementInterchange);
    let answer: X12Answer;
    try {
      // Only inquiries read the store; other inputs (huge 837 / 835 / 834 files) are not read twice.
      const asks = envelope.interchanges.some((ic) => ic.groups.some((g) => g.transactions.some((t) => t.id === '270' || t.id === '276')));
      const lookups = ackOnly || !asks ? NO_LOOKUPS : await prefetchLookups(this.#deps.repo, ctx, input, translate);
      answer = respondToX12(input, lookups, translate, this.#ack);
    } catch (e) {
      finished();
      return this.#transient(entry, e);
    }
    const text = [
      ...answer.acknowledgements.flatMap((a) => [a.ta1?.text, ...a.functional.map((f) => f.text)]),
      ...answer.sets.map((s) => s.response?.text),
    ].filter((t): t is string => t !== undefined && t !== '').join('');
    const reply: X12Reply = { entryId: entry.id, code: answerCode(answer.acknowledgements, ackOnly), text };
    const commit = this.#commit(entry, ctx, answer, reply).finally(finished);
    const inquiryOnly = answer.sets.length > 0 && answer.sets.every((set) => set.transaction.spec?.name === '270' || set.transaction.spec?.name === '276');
    if (inquiryOnly) {
      void commit.catch(() => undefined);
      return reply;
    }
    return commit;
  }

  /**
   * A big 837 batch: validated, acknowledged, translated and committed in streamed passes
   * (x12-batch-stream.ts). `resume` (a retry): parts an earlier attempt committed are not written again.
   */
  async #stream(entry: InboxEntry, ctx: RequestContext, finished: () => void, resume: boolean): Promise<X12Reply> {
    const progress: X12JobProgress = { total: 0, committed: 0 };
    this.#progress.set(entry.id, progress);
    let answer: X12StreamAnswer;
    try {
      answer = await processX12Stream({ ...this.#deps, ack: this.#ack }, entry, ctx, progress, { resume });
    } catch (e) {
      finished();
      return this.#transient(entry, e);
    }
    return this.#record(entry, { entryId: entry.id, code: answer.code, text: answer.text }, answer.sets).finally(finished);
  }

  /** Commits every accepted set's translation (one Provenance each) and records `reply` in the inbox. */
  async #commit(entry: InboxEntry, ctx: RequestContext, answer: X12Answer, reply: X12Reply): Promise<X12Reply> {
    const progress: X12JobProgress = { total: answer.sets.length, committed: 0 };
    this.#progress.set(entry.id, progress);
    try {
      for (const [n, set] of answer.sets.entries()) {
        const t = set.translation;
        if (t === undefined || t.issues.some((i) => i.severity === 'error' || i.severity === 'fatal')) continue;
        // One transaction per set, or per claim for a set too big for one (set-parts.ts).
        const parts = setParts(set, { codes: this.#deps.codes, source: `x12:${entry.sender}`, ids: this.#deps.ids, now: this.#deps.clock });
        for (const [u, part] of parts.entries()) {
          const bundle = setProvenance(withProvenance(part, {
            entryId: entry.id, sender: `x12:${entry.sender}`, recorded: entry.receivedAt, ids: this.#deps.ids,
            description: `X12 ${set.transaction.set.id} ${set.transaction.set.controlNumber}`,
          }), partProvenanceId(entry.id, n + 1, u, parts.length));
          await this.#deps.repo.bundle(ctx, bundle, { prefer: 'minimal' });
        }
        if (t.enrollment !== undefined) await applyEnrollment(this.#deps.repo, ctx, t.enrollment, entry.receivedAt.slice(0, 10));
        progress.committed += 1;
      }
    } catch (e) {
      return this.#transient(entry, e);
    }
    return this.#record(entry, reply, answer.sets.length);
  }

  /** Records the answer of a completed run. */
  async #record(entry: InboxEntry, reply: X12Reply, sets: number): Promise<X12Reply> {
    const ack: StoredAck = { code: reply.code, text: reply.text, encoding: 'latin1' };
    await this.#deps.inbox.complete(entry.id, this.#deps.owner, { state: reply.code === 'R' ? 'failed' : 'done', attempted: true, ack }, this.#deps.clock().toISOString());
    this.#deps.logger.info('x12 interchange processed', { entryId: entry.id, controlId: entry.controlId, code: reply.code, sets });
    return reply;
  }

  /** A store outage or a commit refusal: the entry stays retryable, the sender is told to resend. */
  async #transient(entry: InboxEntry, e: unknown): Promise<X12Reply> {
    const message = e instanceof Error ? e.message : String(e);
    this.#deps.logger.warn('x12 commit failed', { entryId: entry.id, error: message });
    await this.#deps.inbox.complete(entry.id, this.#deps.owner, {
      state: 'received', attempted: true, notBefore: new Date(this.#deps.clock().getTime() + 5000).toISOString(),
      outcome: toOutcome({ severity: 'error', code: 'transient', diagnostics: message }),
    }, this.#deps.clock().toISOString()).catch(() => false);
    return { entryId: entry.id, code: 'unavailable', text: '' };
  }
}
