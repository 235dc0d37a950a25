/**
 * 271 Eligibility, Coverage or Benefit Information from stored Coverage, answering a parsed 270
 * (005010X279A1): the request's hierarchy is mirrored (2000A source, 2000B receiver, 2000C / 2000D
 * members) with TRN*2 echoing each trace; a member with an active coverage on the inquiry date gets
 * EB*1 per asked service type with the plan name, a member whose coverages ended or were cancelled
 * gets EB*6, and an unknown member gets AAA*N**75*C (subscriber / insured not found).
 * https://x12.org (005010X279A1 EB, AAA)
 */
import type { Coverage } from 'fhir/r4.js';
import type { AckContext, AckSegment } from '../ack/index.js';
import { stamp } from '../ack/context.js';
import { readEligibilityInquiries, type EligibilityInquiry } from '../fhir/index.js';
import { ancestor, el, loopIn, segmentIn, triggerNode, type X12ParsedTransaction } from '../transactions/index.js';
import { envelope, seg, x12Date, type GeneratedX12 } from './envelope.js';
import { echo, replyParties } from './reply.js';

/** Is `coverage` in force on `date` (YYYY-MM-DD)? */
export function coverageActiveOn(coverage: Coverage, date: string): boolean {
  if (coverage.status !== 'active') return false;
  const start = coverage.period?.start?.slice(0, 10);
  const end = coverage.period?.end?.slice(0, 10);
  return (start === undefined || start <= date) && (end === undefined || end >= date);
}

/** The plan name of a coverage (class plan name / value, else the type text). */
function planName(c: Coverage): string {
  const plan = c.class?.find((k) => k.type.coding?.some((x) => x.code === 'plan'));
  return plan?.name ?? plan?.value ?? c.type?.text ?? '';
}

/** The member part of one answer (2100C / 2100D content after the NM1). */
function memberAnswer(q: EligibilityInquiry, coverages: readonly Coverage[], asOf: string): AckSegment[] {
  const out: AckSegment[] = [];
  if (coverages.length === 0) return [seg('AAA', 'N', '', '75', 'C')];
  out.push(...echo(segmentIn(q.memberLoop, 'DMG')));
  const date = q.date ?? asOf;
  out.push(seg('DTP', '307', 'D8', x12Date(date)));
  for (const c of coverages) {
    const active = coverageActiveOn(c, date);
    for (const st of q.serviceTypes) out.push(seg('EB', active ? '1' : '6', '', st, '', planName(c)));
    if (c.period?.start !== undefined) out.push(seg('DTP', '346', 'D8', x12Date(c.period.start)));
    if (!active && c.period?.end !== undefined) out.push(seg('DTP', '347', 'D8', x12Date(c.period.end)));
  }
  return out;
}

/** The 271 answering `request` (a parsed 270); `coveragesOf` returns the stored coverages of an inquiry's member (empty: unknown). */
export function build271(request: X12ParsedTransaction, coveragesOf: (q: EligibilityInquiry) => readonly Coverage[], ctx: AckContext): GeneratedX12 {
  const root = request.root;
  const inquiries = root === undefined ? [] : readEligibilityInquiries(root);
  const { ccyymmdd, hhmm } = stamp(ctx);
  const asOf = `${ccyymmdd.slice(0, 4)}-${ccyymmdd.slice(4, 6)}-${ccyymmdd.slice(6, 8)}`;
  const bht = root === undefined ? undefined : segmentIn(root, 'BHT');
  const body: AckSegment[] = [seg('BHT', '0022', '11', el(bht, 3) || '0', ccyymmdd, hhmm)];
  let hl = 0;
  const sources = new Map<unknown, number>();
  const receivers = new Map<unknown, number>();
  for (const q of inquiries) {
    const source = ancestor(q.hl, '2000A');
    const receiver = ancestor(q.hl, '2000B');
    let sourceHl = sources.get(source);
    if (sourceHl === undefined) {
      sourceHl = ++hl;
      sources.set(source, sourceHl);
      body.push(seg('HL', String(sourceHl), '', '20', '1'), ...echo(triggerNode(loopIn(source, '2100A') ?? q.hl)));
    }
    let receiverHl = receivers.get(receiver);
    if (receiverHl === undefined) {
      receiverHl = ++hl;
      receivers.set(receiver, receiverHl);
      body.push(seg('HL', String(receiverHl), String(sourceHl), '21', '1'), ...echo(triggerNode(loopIn(receiver, '2100B') ?? q.hl)));
    }
    const trace = q.trace === '' ? [] : [seg('TRN', '2', q.trace, el(segmentIn(q.hl, 'TRN'), 3) || '9999999999')];
    const coverages = coveragesOf(q);
    const subscriberHl = ++hl;
    const subscriberLoop = loopIn(ancestor(q.hl, '2000C'), '2100C');
    body.push(seg('HL', String(subscriberHl), String(receiverHl), '22', q.dependent ? '1' : '0'));
    if (!q.dependent) {
      body.push(...trace, ...echo(triggerNode(q.memberLoop)), ...memberAnswer(q, coverages, asOf));
    } else {
      body.push(...echo(subscriberLoop === undefined ? undefined : triggerNode(subscriberLoop)));
      body.push(seg('HL', String(++hl), String(subscriberHl), '23', '0'), ...trace, ...echo(triggerNode(q.memberLoop)), ...memberAnswer(q, coverages, asOf));
    }
  }
  const ic = request.interchange;
  return envelope(replyParties(ic, request.group.senderCode, request.group.receiverCode), 'HB', '271', '005010X279A1', body, ctx);
}
