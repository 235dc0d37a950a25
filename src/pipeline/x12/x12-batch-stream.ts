/**
 * Big claim batches with bounded memory. An inbox entry holding only 837 sets and at least
 * `X12_STREAM_MIN_BYTES` is processed in two streamed passes over its stored bytes instead of being
 * parsed whole: pass 1 (stream-acks.ts) validates and builds the TA1 / 999 exactly as the in-memory
 * path does; pass 2 (stream-parts.ts) streams again, translates each claim of an accepted set as it
 * closes, commits whole claims in parts of bounded size and builds the 277CA claim by claim. Memory
 * is the stored bytes plus one chunk, one part and the answer text, whatever the claim count.
 * The choice depends on the entry only (type and size), so reprocessing (retry after a crash or an
 * expired lease, replay) takes the same path and rewrites the same parts and Provenance ids.
 * DESIGN.md "Ingestion"; https://x12.org (999, 277CA)
 */
import { setImmediate as yieldToEventLoop } from 'node:timers/promises';
import type { Bundle } from 'fhir/r4.js';
import type { CodeMapper } from '../../core/code-mapping.js';
import { OperationOutcomeError } from '../../core/outcomes.js';
import type { InboxEntry } from '../../ports/inbox.js';
import type { FhirInteractions, RequestContext } from '../../repository/types.js';
import type { AckContext } from '../../translators/x12/ack/index.js';
import { X12StreamValidator } from '../../translators/x12/snip/index.js';
import { partnerAliasRewriter } from './keys.js';
import { acknowledgeX12Stream } from './stream-acks.js';
import { X12StreamParts } from './stream-parts.js';

/** Below this size an 837 input is processed whole, in memory (about 2,500 claims of a typical batch). */
export const X12_STREAM_MIN_BYTES = 1 << 20;

/** Size of the slices streamed (latin1 text, as the in-memory path decodes the input). */
const CHUNK_CHARS = 256 * 1024;

/** Progress of a job, shown by `GET /ingest/x12/jobs/{id}`. */
export interface X12JobProgress {
  /** Transaction sets of the input, and those committed. */
  total: number;
  committed: number;
  /** Streamed jobs: the pass running and the business units (837 claims) of the accepted sets. */
  phase?: 'validating' | 'committing';
  units?: { total: number; committed: number; rejected: number };
}

/** What a streamed run needs. */
export interface X12StreamDeps {
  readonly repo: Pick<FhirInteractions, 'bundle' | 'read'>;
  readonly codes: CodeMapper;
  readonly ids: () => string;
  readonly clock: () => Date;
  readonly aliases: Readonly<Record<string, string>>;
  readonly ack: AckContext;
  /** Largest part committed as one transaction (default `MAX_SET_ENTRIES`). */
  readonly maxEntries?: number;
  /** Size of the streamed slices (default 256 Ki characters). */
  readonly chunkChars?: number;
}

/** True when `entry` is processed streamed: only 837 sets and at least `minBytes`. */
export function streamsX12(entry: Pick<InboxEntry, 'raw' | 'messageType'>, minBytes = X12_STREAM_MIN_BYTES): boolean {
  return entry.raw !== undefined && entry.raw.length >= minBytes && entry.messageType === '837';
}

/**
 * `raw` as latin1 text slices with the partner aliases applied (each slice then ends after a segment
 * terminator, so the rewrite sees whole segments).
 */
export function* x12TextChunks(raw: Buffer, aliases: Readonly<Record<string, string>>, size = CHUNK_CHARS): Generator<string> {
  const alias = partnerAliasRewriter(raw.toString('latin1', 0, Math.min(raw.length, 106)), aliases);
  let at = 0;
  while (at < raw.length) {
    let end = Math.min(raw.length, at + size);
    if (alias !== undefined && end < raw.length) {
      const cut = raw.lastIndexOf(alias.terminator, end - 1, 'latin1');
      end = cut >= at ? cut + 1 : raw.indexOf(alias.terminator, end, 'latin1') + 1 || raw.length;
    }
    const text = raw.toString('latin1', at, end);
    yield alias === undefined ? text : alias.rewrite(text);
    at = end;
  }
}

/** `chunks`, letting the event loop run (I/O, other requests) before each one. */
async function* pausing<T>(chunks: Iterable<T>): AsyncGenerator<T> {
  for (const c of chunks) {
    await yieldToEventLoop();
    yield c;
  }
}

/** The answer of a streamed run: the code recorded and the text (TA1 / 999, then each 277CA). */
export interface X12StreamAnswer {
  readonly code: string;
  readonly text: string;
  readonly sets: number;
}

/**
 * True when the part `bundle` was committed by an earlier attempt: its Provenance (written in the same
 * transaction as the part's resources, with a fixed id) exists.
 */
async function committedBefore(repo: Pick<FhirInteractions, 'read'>, ctx: RequestContext, bundle: Bundle): Promise<boolean> {
  const url = bundle.entry?.find((e) => e.resource?.resourceType === 'Provenance' && e.request?.method === 'PUT')?.request?.url;
  if (url === undefined) return false;
  try {
    await repo.read(ctx, 'Provenance', url.slice('Provenance/'.length));
    return true;
  } catch (e) {
    if (e instanceof OperationOutcomeError && (e.category === 'not-found' || e.category === 'gone')) return false;
    throw e;
  }
}

/**
 * Processes `entry` in two streamed passes (see the module comment), updating `progress`. `resume` (a
 * retry after a crash or an outage, not a replay): parts already committed are skipped, the 999 and
 * 277CA are built in full as before.
 */
export async function processX12Stream(deps: X12StreamDeps, entry: Pick<InboxEntry, 'id' | 'sender' | 'receivedAt' | 'raw'>, ctx: RequestContext,
  progress: X12JobProgress, options: { readonly resume?: boolean } = {}): Promise<X12StreamAnswer> {
  const raw = entry.raw ?? Buffer.alloc(0);
  progress.phase = 'validating';
  const acks = await acknowledgeX12Stream(pausing(x12TextChunks(raw, deps.aliases, deps.chunkChars)), deps.ack);
  progress.total = acks.sets.length;
  const units = { total: acks.sets.reduce((n, s) => n + (s.accepted ? s.units : 0), 0), committed: 0, rejected: 0 };
  progress.units = units;
  progress.phase = 'committing';
  const sink = new X12StreamParts({
    sets: acks.sets, ack: deps.ack, entry,
    translate: { codes: deps.codes, source: `x12:${entry.sender}`, ids: deps.ids, now: deps.clock },
    ...(deps.maxEntries === undefined ? {} : { maxEntries: deps.maxEntries }),
  });
  if (acks.sets.some((s) => s.accepted)) {
    const v = new X12StreamValidator({ rules: [], onUnit: sink.onUnit, onSetEnd: sink.onSetEnd, maxFindingsPerSet: 0 }); // verdicts are pass 1's
    const drain = async (): Promise<void> => {
      for (const w of sink.take()) {
        if (w.kind === 'set-end') progress.committed++;
        else {
          if (options.resume !== true || !(await committedBefore(deps.repo, ctx, w.bundle))) await deps.repo.bundle(ctx, w.bundle, { prefer: 'minimal' });
          units.committed += w.units;
        }
      }
      units.rejected = sink.rejected;
    };
    for await (const chunk of pausing(x12TextChunks(raw, deps.aliases, deps.chunkChars))) {
      v.push(chunk);
      await drain();
    }
    v.end();
    await drain();
  }
  return { code: acks.code, text: acks.text + sink.responses().join(''), sets: acks.sets.length };
}
