/**
 * 835 (005010X221A1) from a PaymentReconciliation and the ClaimResponses it pays: BPR (total, date),
 * TRN (payment identifier), 1000A payer / 1000B payee, one 2100 CLP per ClaimResponse (submitted,
 * benefit, member liability; status 1, or 22 for a cancelled response) with CAS from adjudications
 * whose category is an X12 group code, 2110 SVC lines (product codes from the Claim when it resolves)
 * and PLB from the reconciliation's adjustment details. https://x12.org (005010X221A1)
 */
import type { ClaimResponse, ClaimResponseItemAdjudication, CodeableConcept, Money, PaymentReconciliation } from 'fhir/r4.js';
import type { AckContext, AckSegment } from '../ack/index.js';
import { stamp } from '../ack/context.js';
import { SYSTEMS } from '../fhir/index.js';
import type { ReferenceResolver } from './claim-837p.js';
import { envelope, seg, x12Amount, x12Date, type GeneratedX12, type X12Parties } from './envelope.js';
import { addressSegments, nm1Person, npiOf } from './parties.js';

const code = (cc: CodeableConcept | undefined, system?: string): string =>
  cc?.coding?.find((c) => system === undefined || c.system === system)?.code ?? '';

const amountOf = (list: readonly { category: CodeableConcept; amount?: Money | undefined }[] | undefined, category: string): number | undefined =>
  list?.find((a) => code(a.category) === category)?.amount?.value;

/** CAS segments from adjudications with an X12 group code category (one CAS per group, up to six reasons). */
function cas(adjudications: readonly ClaimResponseItemAdjudication[] | undefined): AckSegment[] {
  const groups = new Map<string, AckSegment['elements'][number][]>();
  for (const a of adjudications ?? []) {
    const group = code(a.category, SYSTEMS.casGroup);
    const reason = code(a.reason, SYSTEMS.carc);
    if (group === '' || reason === '' || a.amount?.value === undefined) continue;
    const els = groups.get(group) ?? [];
    if (els.length < 18) els.push(reason, x12Amount(a.amount.value), a.value === undefined ? '' : String(a.value));
    groups.set(group, els);
  }
  return [...groups].map(([group, els]) => seg('CAS', group, ...els));
}

function remarks(adjudications: readonly ClaimResponseItemAdjudication[] | undefined): AckSegment[] {
  return (adjudications ?? []).map((a) => code(a.reason, SYSTEMS.rarc)).filter((c) => c !== '').map((c) => seg('LQ', 'HE', c));
}

/** The 835 of `payment` paying `responses` (in detail order). */
export function build835(payment: PaymentReconciliation, responses: readonly ClaimResponse[], resolve: ReferenceResolver, parties: X12Parties, ctx: AckContext): GeneratedX12 {
  const { ccyymmdd } = stamp(ctx);
  const payer = resolve(payment.paymentIssuer);
  const payee = resolve(payment.requestor);
  const payerOrg = payer?.resourceType === 'Organization' ? payer : undefined;
  const payeeOrg = payee?.resourceType === 'Organization' ? payee : undefined;
  const payerId = payerOrg?.identifier?.[0]?.value ?? parties.sender.id.trim();
  const date = x12Date(payment.paymentDate) || ccyymmdd;
  const phone = payerOrg?.telecom?.find((t) => t.system === 'phone')?.value;
  const body: AckSegment[] = [
    seg('BPR', 'I', x12Amount(payment.paymentAmount.value), 'C', 'CHK', '', '', '', '', '', '', '', '', '', '', '', date),
    seg('TRN', '1', payment.paymentIdentifier?.value ?? payment.identifier?.[0]?.value ?? '0', `1${payerId}`.slice(0, 10)),
    seg('DTM', '405', x12Date(payment.created) || ccyymmdd),
    seg('N1', 'PR', (payerOrg?.name ?? 'PAYER').toUpperCase()),
    ...addressSegments(payerOrg?.address?.[0]),
    seg('PER', 'BL', 'EDI', ...(phone === undefined ? [] : ['TE', phone.replace(/\D/g, '')])),
    seg('N1', 'PE', (payeeOrg?.name ?? 'PAYEE').toUpperCase(), 'XX', npiOf(payeeOrg?.identifier)),
    seg('LX', '1'),
  ];
  for (const r of responses) {
    const claim = resolve(r.request);
    const claimRes = claim?.resourceType === 'Claim' ? claim : undefined;
    const patient = resolve(r.patient);
    const name = patient?.resourceType === 'Patient' ? patient.name?.[0] : undefined;
    const member = patient?.resourceType === 'Patient' ? patient.identifier?.find((i) => (i.system ?? '').includes(':member'))?.value ?? '' : '';
    body.push(
      seg('CLP', r.request?.identifier?.value ?? claimRes?.identifier?.[0]?.value ?? '', r.status === 'cancelled' ? '22' : '1',
        x12Amount(amountOf(r.total, 'submitted')), x12Amount(amountOf(r.total, 'benefit') ?? 0), x12Amount(amountOf(r.total, 'memberliability')),
        '12', r.identifier?.[0]?.value ?? ''),
      ...cas(r.adjudication),
      nm1Person('QC', name, 'MI', member),
    );
    for (const item of r.item ?? []) {
      const line = claimRes?.item?.find((i) => i.sequence === item.itemSequence);
      const product = line?.productOrService.coding?.[0]?.code ?? '';
      const mods = (line?.modifier ?? []).map((m) => code(m)).slice(0, 4);
      body.push(
        seg('SVC', ['HC', product, ...mods], x12Amount(amountOf(item.adjudication, 'submitted')), x12Amount(amountOf(item.adjudication, 'benefit') ?? 0), '',
          line?.quantity?.value === undefined ? '' : x12Amount(line.quantity.value)),
        ...(line?.servicedDate === undefined ? [] : [seg('DTM', '472', x12Date(line.servicedDate))]),
        ...cas(item.adjudication), ...remarks(item.adjudication),
      );
    }
  }
  for (const d of payment.detail ?? []) {
    if (code(d.type) !== 'adjustment' || d.amount?.value === undefined) continue;
    const [reason = 'WO', ref = ''] = (d.identifier?.value ?? 'WO').split(':');
    body.push(seg('PLB', npiOf(payeeOrg?.identifier) || '0', `${date.slice(0, 4)}1231`, [reason, ref], x12Amount(-d.amount.value)));
  }
  return envelope(parties, 'HP', '835', '005010X221A1', body, ctx);
}
