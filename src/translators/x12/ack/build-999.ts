/**
 * 999 Implementation Acknowledgment (005010X231A1) for one functional group, in its own interchange:
 * ST*999, AK1 (GS01, GS06, GS08), per transaction set AK2 (ST01–ST03) + IK3 / CTX / IK4 / CTX + IK5,
 * AK9 with the counts, SE / GE / IEA. https://x12.org (005010X231A1 999 TR3)
 */
import type { X12FunctionalGroup, X12Interchange } from '../envelope/index.js';
import type { Ak901Code, Ik304Code, Ik501Code } from './codes.js';
import { isImplementationCode } from './codes.js';
import type { AckContext } from './context.js';
import { answerGs, answerIsa, ge, iea } from './envelope-out.js';
import type { AckElementPosition, AckFinding, AckTrigger } from './findings.js';
import { ackDelimiters, serializeAck, type AckElement, type AckSegment } from './serialize.js';
import type { BuiltAck } from './ta1.js';

/** Implementation convention reference of the 999 we write (ST03, GS08). */
export const X231A1 = '005010X231A1';
const MAX_CODES = 5; // IK502–IK506, AK905–AK909
const MAX_BAD_VALUE = 99; // IK404 AN 1/99

/** The outcome of one transaction set: IK501, the IK5 codes and its IK3 loops. */
interface SetOutcome {
  readonly ack: Ik501Code;
  readonly segments: AckSegment[];
}

/**
 * The 999 answering functional group `group` of `ic`. `findings` may hold the findings of the whole
 * interchange: those of other groups (by index) and interchange-level ones are ignored.
 */
export function build999(ic: X12Interchange, group: X12FunctionalGroup, findings: readonly AckFinding[], ctx: AckContext): BuiltAck<Ak901Code> {
  const index = ic.groups.indexOf(group);
  const mine = findings.filter((f) => f.level !== 'interchange' && f.group === index);
  const d = ackDelimiters(ic.delimiters);
  const { isa, control } = answerIsa(ic, d, ctx);
  const { gs, control: gsControl } = answerGs(group.receiverCode, group.senderCode, ctx);

  const body: AckSegment[] = [{ id: 'AK1', elements: [group.functionalId, group.controlNumber, group.version] }];
  let accepted = 0;
  group.transactions.forEach((t, i) => {
    const outcome = setOutcome(mine.filter((f) => f.level !== 'group' && f.transaction === i));
    if (outcome.ack !== 'R') accepted++;
    body.push({ id: 'AK2', elements: [t.id, t.controlNumber, t.implementation] }, ...outcome.segments);
  });

  const groupFindings = mine.filter((f) => f.level === 'group');
  const received = group.transactions.length;
  const groupRejected = groupFindings.some((f) => f.severity === 'error');
  const ak901 = groupAck(groupRejected, received, accepted, groupFindings.length > 0 || body.some(isIk5E));
  const declared = group.ge?.element(1) ?? '';
  const included = /^\d{1,6}$/.test(declared) ? String(Number(declared)) : String(received);
  const ak9Codes = distinct(groupFindings.map((f) => f.ak9)).slice(0, MAX_CODES);
  body.push({ id: 'AK9', elements: [ak901, included, String(received), String(groupRejected ? 0 : accepted), ...ak9Codes] });

  const st: AckSegment = { id: 'ST', elements: ['999', '0001', X231A1] };
  const se: AckSegment = { id: 'SE', elements: [String(body.length + 2), '0001'] };
  const segments = [isa, gs, st, ...body, se, ge(1, gsControl), iea(1, control)];
  return { text: serializeAck(segments, d, ctx.lineBreak), segments, controlNumber: control, code: ak901 };
}

function isIk5E(s: AckSegment): boolean {
  return s.id === 'IK5' && s.elements[0] === 'E';
}

/** AK901: R when the group itself is in error or nothing was accepted, P when some sets were rejected. */
function groupAck(groupRejected: boolean, received: number, accepted: number, noted: boolean): Ak901Code {
  if (groupRejected || (received > 0 && accepted === 0)) return 'R';
  if (accepted < received) return 'P';
  return noted ? 'E' : 'A';
}

/** IK3 / CTX / IK4 / CTX loops and the IK5 of one transaction set. */
function setOutcome(findings: readonly AckFinding[]): SetOutcome {
  const segments: AckSegment[] = [];
  const located = findings.filter((f) => (f.level === 'segment' || f.level === 'element') && f.segment !== undefined);
  const positions = [...new Set(located.map((f) => f.segment?.position ?? 0))].sort((a, b) => a - b);
  for (const position of positions) segments.push(...ik3Loops(located.filter((f) => f.segment?.position === position)));

  const ik5 = distinct(findings.map((f) => f.ik5));
  if (located.length > 0 && !ik5.some((c) => c === '5' || c === 'I5')) {
    const syntax = located.some((f) => !isImplementationCode(f.ik3 ?? f.ik4 ?? ''));
    ik5.push(syntax ? '5' : 'I5');
  }
  const ack: Ik501Code = findings.some((f) => f.severity === 'error') ? 'R' : findings.length > 0 ? 'E' : 'A';
  segments.push({ id: 'IK5', elements: [ack, ...ik5.slice(0, MAX_CODES)] });
  return { ack, segments };
}

/** The IK3 loop(s) of one segment position: one IK3 per segment code, IK4 loops under the first. */
function ik3Loops(findings: readonly AckFinding[]): AckSegment[] {
  const first = findings[0]?.segment;
  if (first === undefined) return [];
  const segLevel = findings.filter((f) => f.level === 'segment');
  const elements = findings.filter((f) => f.level === 'element');
  const codes: (Ik304Code | undefined)[] = distinct(segLevel.map((f) => f.ik3));
  if (codes.length === 0) codes.push(elements.length > 0 ? '8' : undefined);
  const out: AckSegment[] = [];
  codes.forEach((code, n) => {
    const withCode = segLevel.filter((f) => f.ik3 === code);
    out.push({ id: 'IK3', elements: [first.id, String(first.position), first.loop ?? '', code ?? ''] });
    const mine = n === 0 ? segLevel.filter((f) => f.ik3 === undefined || f.ik3 === code) : withCode;
    out.push(...contexts(mine, n === 0 ? [...mine, ...elements] : mine));
    if (n === 0) for (const f of elements) out.push(ik4(f), ...triggers(f.context?.triggers ?? []));
  });
  return out;
}

/** Segment context CTX (situational triggers) then the business unit CTX (at most one, e.g. CLM01). */
function contexts(findings: readonly AckFinding[], unitFrom: readonly AckFinding[]): AckSegment[] {
  const out = triggers(findings.flatMap((f) => f.context?.triggers ?? []));
  const unit = unitFrom.find((f) => f.context?.businessUnit !== undefined)?.context?.businessUnit;
  if (unit !== undefined) out.push({ id: 'CTX', elements: [[unit.name, unit.value]] });
  return out;
}

/** CTX*SITUATIONAL TRIGGER*segment*position*loop*element position*reference. */
function triggers(list: readonly AckTrigger[]): AckSegment[] {
  return list.slice(0, 10).map((t) => ({
    id: 'CTX',
    elements: [['SITUATIONAL TRIGGER'], t.segment.id, String(t.segment.position), t.segment.loop ?? '',
      t.element === undefined ? '' : c030(t.element), t.element?.reference ?? ''],
  }));
}

/** C030 position in segment: element, component, repetition. */
function c030(e: AckElementPosition): AckElement {
  return [String(e.position), e.component === undefined ? '' : String(e.component), e.repetition === undefined ? '' : String(e.repetition)];
}

/** IK4*position*reference*code*bad value (value trimmed to 99; the serializer makes it safe). */
function ik4(f: AckFinding): AckSegment {
  const bad = (f.value ?? '').slice(0, MAX_BAD_VALUE).trimEnd();
  return { id: 'IK4', elements: [f.element === undefined ? '' : c030(f.element), f.element?.reference ?? '', f.ik4 ?? '', bad] };
}

function distinct<T extends string>(values: readonly (T | undefined)[]): T[] {
  return [...new Set(values.filter((v): v is T => v !== undefined))];
}
