/**
 * Pass 1 of a streamed X12 batch: the input is streamed through the bounded-memory validator
 * (X12StreamValidator) and acknowledged with the same builder and the same findings as the in-memory
 * path (`respondToX12`): per interchange its envelope findings plus the SNIP 2 / 3 findings, the TA1
 * and the 999 per functional group. It also says which transaction sets are accepted (the verdict of
 * `respondToX12`: not rejected by the TA1, by a group error or by an error in the set) and how many
 * business units each holds, so pass 2 translates and commits only those. https://x12.org (TA1, 999)
 */
import { acknowledgeInterchange, envelopeFindings, isAcknowledgementInterchange, type AckContext, type AckFinding, type InterchangeAcks } from '../../translators/x12/ack/index.js';
import type { X12Envelope, X12FunctionalGroup, X12Interchange, X12TransactionSet } from '../../translators/x12/envelope/index.js';
import { X12StreamValidator, type X12SetPlace, type X12ValidationRule } from '../../translators/x12/snip/index.js';

/** One transaction set of the input (FA groups excluded), in input order. */
export interface X12SetVerdict {
  /** 1-based number among the input's sets (the Provenance ids' `<set>`). */
  readonly ordinal: number;
  readonly place: X12SetPlace;
  readonly interchange: X12Interchange;
  readonly group: X12FunctionalGroup;
  readonly set: X12TransactionSet;
  readonly accepted: boolean;
  /** Business units (837 2300, 835 2100, 834 2000) the set holds. */
  readonly units: number;
}

/** What pass 1 gives. */
export interface X12StreamAcks {
  readonly envelope: X12Envelope;
  readonly acknowledgements: readonly InterchangeAcks[];
  readonly sets: readonly X12SetVerdict[];
  /** The input holds acknowledgements only (never answered). */
  readonly ackOnly: boolean;
  /** The verdict code the inbox records (as the in-memory path: TA1 R, else the first 999's AK901). */
  readonly code: string;
  /** TA1 and 999 texts in order. */
  readonly text: string;
  /** Findings left out of the 999 (over the per-set cap of the streaming validator). */
  readonly droppedFindings: number;
}

/** Key of a set place. */
export function placeKey(p: X12SetPlace): string {
  return `${p.interchange}:${p.group}:${p.transaction}`;
}

/** The code recorded for an answer (shared with the in-memory path). */
export function answerCode(acknowledgements: readonly InterchangeAcks[], ackOnly: boolean): string {
  const first = acknowledgements[0];
  return ackOnly ? 'none' : first?.ta1?.code === 'R' ? 'R' : first?.functional[0]?.code ?? first?.ta1?.code ?? 'R';
}

/**
 * Streams `chunks` through the validator and acknowledges the input (see the module comment). An
 * async source may pause between chunks (the server keeps answering while a big file is read).
 */
export async function acknowledgeX12Stream(chunks: Iterable<string | Uint8Array> | AsyncIterable<string | Uint8Array>, ack: AckContext,
  rules?: readonly X12ValidationRule[]): Promise<X12StreamAcks> {
  const units = new Map<string, number>();
  const parsed = new Set<string>();
  const v = new X12StreamValidator({
    ...(rules === undefined ? {} : { rules }),
    onUnit: (_unit, _spec, place) => {
      const key = placeKey(place);
      units.set(key, (units.get(key) ?? 0) + 1);
    },
    onSetEnd: (_root, _spec, place) => parsed.add(placeKey(place)),
  });
  for await (const c of chunks) v.push(c);
  const result = v.end();
  const envelope = result.envelope;
  const findingsOf = envelope.interchanges.map((ic, i): AckFinding[] => [...envelopeFindings(ic), ...(result.findings.get(i) ?? [])]);
  const acknowledgements = envelope.interchanges.map((ic, i) => acknowledgeInterchange(ic, (findingsOf[i] ?? []).filter((f) => f.level !== 'interchange'), ack));
  const sets: X12SetVerdict[] = [];
  envelope.interchanges.forEach((ic, i) => {
    const findings = findingsOf[i] ?? [];
    const interchangeRejected = acknowledgements[i]?.ta1?.code === 'R';
    ic.groups.forEach((group, g) => {
      if (group.functionalId === 'FA') return;
      const groupRejected = findings.some((f) => f.level === 'group' && f.group === g && f.severity === 'error');
      group.transactions.forEach((set, t) => {
        const place: X12SetPlace = { interchange: i, group: g, transaction: t };
        const setRejected = findings.some((f) => f.level !== 'interchange' && f.level !== 'group' && f.group === g && f.transaction === t && f.severity === 'error');
        const accepted = !interchangeRejected && !groupRejected && !setRejected && parsed.has(placeKey(place));
        sets.push({ ordinal: sets.length + 1, place, interchange: ic, group, set, accepted, units: units.get(placeKey(place)) ?? 0 });
      });
    });
  });
  const ackOnly = envelope.interchanges.length > 0 && envelope.interchanges.every(isAcknowledgementInterchange);
  const text = acknowledgements.flatMap((a) => [a.ta1?.text, ...a.functional.map((f) => f.text)]).filter((t): t is string => t !== undefined && t !== '').join('');
  return { envelope, acknowledgements, sets, ackOnly, code: answerCode(acknowledgements, ackOnly), text, droppedFindings: result.droppedFindings };
}
