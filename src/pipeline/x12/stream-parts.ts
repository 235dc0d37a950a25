/**
 * Pass 2 of a streamed X12 batch, the pure part: the stream validator hands each closed 837 claim
 * (2300 with its 2000A / 2000B / 2000C ancestors) to `onUnit`; a claim of a set pass 1 accepted is
 * translated on its own (`translateX12Unit`), added to the current part and to the set's 277CA, and
 * then dropped. A part holds whole claims up to `maxEntries` entries (each shared conditional entry
 * once, set-parts.ts) and gets its Provenance with the ids of `setParts` (`inbox-<entry>-<set>` for
 * a set in one part, `…-<set>-<part>` otherwise), so processing an entry again converges. A claim
 * whose translation fails is not committed and is rejected in the 277CA (STC A3:21). The caller takes
 * the finished parts after each chunk (`take`) and commits them. https://x12.org (005010X214)
 */
import type { Bundle } from 'fhir/r4.js';
import type { AckContext } from '../../translators/x12/ack/index.js';
import { translateX12Unit, type X12TranslateContext } from '../../translators/x12/fhir/index.js';
import { ClaimAck277Builder } from '../../translators/x12/generate/index.js';
import type { X12SetPlace } from '../../translators/x12/snip/index.js';
import type { X12Loop, X12TransactionSpec } from '../../translators/x12/transactions/index.js';
import { withProvenance } from '../provenance.js';
import { MAX_SET_ENTRIES, mergeUnits, partProvenanceId, setProvenance } from './set-parts.js';
import { placeKey, type X12SetVerdict } from './stream-acks.js';

/** Transaction sets translated claim by claim. */
export const STREAMED_SETS: ReadonlySet<string> = new Set(['837P', '837I', '837D']);

/** Something to do after a chunk: commit a part, or note that a set is complete. */
export type X12StreamWork =
  | { readonly kind: 'part'; readonly bundle: Bundle; readonly units: number }
  | { readonly kind: 'set-end'; readonly ordinal: number };

/** What the sink needs. */
export interface X12StreamPartsOptions {
  /** Pass 1's verdicts. */
  readonly sets: readonly X12SetVerdict[];
  readonly translate: X12TranslateContext;
  readonly ack: AckContext;
  /** The inbox entry, for the Provenance. */
  readonly entry: { readonly id: string; readonly sender: string; readonly receivedAt: string };
  readonly maxEntries?: number;
}

interface OpenSet {
  readonly verdict: X12SetVerdict;
  readonly builder: ClaimAck277Builder;
  pending: Bundle[];
  size: number;
  parts: number;
  failed: number;
}

/** The sink of pass 2 (see the module comment). */
export class X12StreamParts {
  readonly #o: X12StreamPartsOptions;
  readonly #max: number;
  readonly #byPlace: Map<string, X12SetVerdict>;
  readonly #work: X12StreamWork[] = [];
  readonly #responses = new Map<number, string>();
  #open: OpenSet | undefined;
  /** Claims translated so far, and those whose translation failed (not committed). */
  translated = 0;
  rejected = 0;

  constructor(options: X12StreamPartsOptions) {
    this.#o = options;
    this.#max = options.maxEntries ?? MAX_SET_ENTRIES;
    this.#byPlace = new Map(options.sets.map((s) => [placeKey(s.place), s]));
  }

  /** The validator's `onUnit` hook. */
  readonly onUnit = (unit: X12Loop, spec: X12TransactionSpec, place: X12SetPlace): void => {
    const set = this.#setAt(spec, place);
    if (set === undefined || unit.id !== '2300') return;
    const result = translateX12Unit(spec, unit, this.#o.translate);
    const failed = result.issues.some((i) => i.severity === 'error' || i.severity === 'fatal');
    set.builder.add(unit, { accepted: !failed });
    this.translated++;
    if (failed) {
      this.rejected++;
      set.failed++;
      return;
    }
    const n = result.bundle.entry?.length ?? 0;
    if (n === 0) return;
    if (set.size + n > this.#max && set.pending.length > 0) this.#flush(set, false);
    set.pending.push(result.bundle);
    set.size += n;
  };

  /** The validator's `onSetEnd` hook: the last part, the set's 277CA. */
  readonly onSetEnd = (root: X12Loop, spec: X12TransactionSpec, place: X12SetPlace): void => {
    const set = this.#setAt(spec, place);
    if (set === undefined) return;
    if (set.pending.length > 0) this.#flush(set, true);
    const v = set.verdict;
    this.#responses.set(v.ordinal, set.builder.finish({ interchange: v.interchange, group: v.group, set: v.set, root }).text);
    this.#work.push({ kind: 'set-end', ordinal: v.ordinal });
    this.#open = undefined;
  };

  /** The work ready so far (taken: the sink forgets it). */
  take(): X12StreamWork[] {
    return this.#work.splice(0);
  }

  /** The 277CA texts of the accepted 837 sets, in input order (after the stream ended). */
  responses(): string[] {
    return [...this.#responses.entries()].sort((a, b) => a[0] - b[0]).map(([, text]) => text);
  }

  /** The open set `place` when it is an accepted, streamed one (opened on its first claim). */
  #setAt(spec: X12TransactionSpec, place: X12SetPlace): OpenSet | undefined {
    if (!STREAMED_SETS.has(spec.name)) return undefined;
    const verdict = this.#byPlace.get(placeKey(place));
    if (verdict === undefined || !verdict.accepted) return undefined;
    if (this.#open?.verdict !== verdict) this.#open = { verdict, builder: new ClaimAck277Builder(this.#o.ack), pending: [], size: 0, parts: 0, failed: 0 };
    return this.#open;
  }

  /** Ends the current part of `set`; `last`: nothing follows it in the set. */
  #flush(set: OpenSet, last: boolean): void {
    const { entry, translate } = this.#o;
    const merged = mergeUnits(set.pending);
    const v = set.verdict;
    // The id of a set in one part has no part number: known only when the first part is also the last.
    const id = partProvenanceId(entry.id, v.ordinal, set.parts, last && set.parts === 0 ? 1 : 2);
    const bundle = setProvenance(withProvenance(merged, {
      entryId: entry.id, sender: translate.source, recorded: entry.receivedAt, ids: translate.ids,
      description: `X12 ${v.set.id} ${v.set.controlNumber}`,
    }), id);
    this.#work.push({ kind: 'part', bundle, units: set.pending.length });
    set.parts++;
    set.pending = [];
    set.size = 0;
  }
}
