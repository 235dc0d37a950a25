/**
 * 277CA Health Care Claim Acknowledgment (005010X214) for the claims of a parsed 837: HL 20 payer
 * (2010BB) with TRN / DTP 050 / 009, HL 21 information receiver (the submitter, 1000A) with the batch
 * STC and accepted totals, HL 19 billing provider (2010AA), HL PT per claim with TRN*2 = CLM01, STC
 * A2:20 (accepted, or A3:21 rejected) with CLM02, the payer claim number and the service dates.
 * https://x12.org (005010X214)
 */
import type { AckContext, AckSegment } from '../ack/index.js';
import { stamp } from '../ack/context.js';
import { ancestor, descendants, el, loopIn, segmentIn, segmentsIn, triggerNode, type X12Loop, type X12ParsedTransaction } from '../transactions/index.js';
import { envelope, seg, x12Amount, type GeneratedX12 } from './envelope.js';
import { echo, replyParties } from './reply.js';

/** The decision about one claim (by CLM01). */
export interface ClaimDecision {
  readonly accepted: boolean;
  /** Payer claim control number assigned on acceptance (REF*1K). */
  readonly payerClaimNumber?: string;
}

function lineDates(claim: X12Loop): string[] {
  return descendants(claim, '2400').flatMap((lx) => segmentsIn(lx, 'DTP', '472')).map((d) => el(d, 3)).sort();
}

/** The 277CA for `claims` (a parsed 837); `decide` says per CLM01 whether it was accepted. */
export function build277CA(claims: X12ParsedTransaction, decide: (clm01: string) => ClaimDecision, ctx: AckContext): GeneratedX12 {
  const root = claims.root;
  const { ccyymmdd, hhmm } = stamp(ctx);
  const all = root === undefined ? [] : descendants(root, '2300');
  const decisions = all.map((c) => ({ claim: c, clm: triggerNode(c), decision: decide(el(triggerNode(c), 1)) }));
  const accepted = decisions.filter((d) => d.decision.accepted);
  const rejected = decisions.length - accepted.length;
  const total = (ds: typeof decisions): string => x12Amount(ds.reduce((s, d) => s + Number(el(d.clm, 2) || 0), 0));
  const first = all[0];
  const payerLoop = loopIn(first === undefined ? undefined : ancestor(first, '2000B'), '2010BB');
  const submitter = root === undefined ? undefined : loopIn(root, '1000A');
  const body: AckSegment[] = [
    seg('BHT', '0085', '08', el(root === undefined ? undefined : segmentIn(root, 'BHT'), 3) || '0', ccyymmdd, hhmm, 'TH'),
    seg('HL', '1', '', '20', '1'),
    ...(payerLoop === undefined ? [seg('NM1', 'PR', '2', 'PAYER')] : echo(triggerNode(payerLoop))),
    seg('TRN', '1', claims.set.controlNumber), seg('DTP', '050', 'D8', ccyymmdd), seg('DTP', '009', 'D8', ccyymmdd),
    seg('HL', '2', '1', '21', '1'),
    ...(submitter === undefined ? [seg('NM1', '41', '2', 'SUBMITTER')] : echo(triggerNode(submitter))),
    seg('TRN', '2', el(root === undefined ? undefined : segmentIn(root, 'BHT'), 3) || claims.set.controlNumber),
    seg('STC', ['A1', '19'], ccyymmdd, 'WQ', total(decisions)),
    ...(accepted.length > 0 ? [seg('QTY', '90', String(accepted.length))] : []),
    ...(rejected > 0 ? [seg('QTY', 'AA', String(rejected))] : []),
    ...(accepted.length > 0 ? [seg('AMT', 'YU', total(accepted))] : []),
    ...(rejected > 0 ? [seg('AMT', 'YY', total(decisions.filter((d) => !d.decision.accepted)))] : []),
  ];
  let hl = 2;
  const providers = new Map<X12Loop, number>();
  for (const d of decisions) {
    const billing = ancestor(d.claim, '2000A');
    if (billing === undefined) continue;
    let providerHl = providers.get(billing);
    if (providerHl === undefined) {
      providerHl = ++hl;
      providers.set(billing, providerHl);
      body.push(seg('HL', String(providerHl), '2', '19', '1'), ...echo(triggerNode(loopIn(billing, '2010AA') ?? billing)), seg('TRN', '1', '0'));
    }
    const patientLoop = loopIn(ancestor(d.claim, '2000C'), '2010CA') ?? loopIn(ancestor(d.claim, '2000B'), '2010BA');
    const patient = patientLoop === undefined ? undefined : triggerNode(patientLoop);
    const dates = lineDates(d.claim);
    body.push(
      seg('HL', String(++hl), String(providerHl), 'PT'),
      patient === undefined ? seg('NM1', 'QC', '1', 'UNKNOWN') : seg('NM1', 'QC', '1', el(patient, 3), el(patient, 4), '', '', '', el(patient, 8) === '' ? '' : 'MI', el(patient, 9)),
      seg('TRN', '2', el(d.clm, 1)),
      seg('STC', d.decision.accepted ? ['A2', '20'] : ['A3', '21'], ccyymmdd, d.decision.accepted ? 'WQ' : 'U', x12Amount(Number(el(d.clm, 2) || 0))),
      ...(d.decision.payerClaimNumber === undefined ? [] : [seg('REF', '1K', d.decision.payerClaimNumber)]),
      ...(dates.length === 0 ? [] : [dates[0] === dates[dates.length - 1] ? seg('DTP', '472', 'D8', dates[0] ?? '') : seg('DTP', '472', 'RD8', `${dates[0] ?? ''}-${dates[dates.length - 1] ?? ''}`)]),
    );
  }
  return envelope(replyParties(claims.interchange, claims.group.senderCode, claims.group.receiverCode), 'HN', '277', '005010X214', body, ctx);
}
