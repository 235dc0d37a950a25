/**
 * SNIP level 3 balancing (TR3 "balancing" sections) as validation rules:
 * - 837: CLM02 = the sum of the service line charges (SV102 / SV203 / SV302);
 * - 835: CLP03 − claim and line CAS = CLP04 (claim), SVC02 − CAS = SVC03 (line), and BPR02 = the
 *   sum of CLP04 − the sum of PLB adjustments (transaction).
 * Amounts are compared in cents. A failure is reported on the segment holding the total (IK3 8 +
 * IK4 on the amount, code I12 pattern / implementation failure). https://x12.org (X222A1 / X221A1 balancing)
 */
import { el, loopsIn, segmentIn, segmentsIn, triggerNode, type X12Loop, type X12SegmentNode } from '../transactions/index.js';
import { elementFinding, type X12Report, type X12ValidationRule } from './rule.js';

/** An amount in cents (0 when absent or not a number: the element rules report those). */
export function cents(v: string): number {
  const n = Number(v);
  return v === '' || !Number.isFinite(n) ? 0 : Math.round(n * 100);
}

const money = (c: number): string => (c / 100).toFixed(2);

/** The sum of the CAS amounts (elements 3, 6, 9, 12, 15, 18) directly in `loop`. */
export function casTotal(loop: X12Loop | undefined): number {
  let total = 0;
  for (const cas of segmentsIn(loop, 'CAS')) for (const n of [3, 6, 9, 12, 15, 18]) total += cents(el(cas, n));
  return total;
}

/** 837: CLM02 equals the sum of line charges. */
export const snip3ClaimBalanceRule: X12ValidationRule = {
  name: 'snip3-837-claim-balance',
  level: 3,
  appliesTo: (spec) => spec.transactionSet === '837',
  start: () => ({
    onLoopEnd(loop, report) {
      if (loop.id !== '2300') return;
      const clm = triggerNode(loop);
      let lines = 0;
      for (const lx of loopsIn(loop, '2400')) {
        const sv1 = segmentIn(lx, 'SV1');
        const sv2 = segmentIn(lx, 'SV2');
        const sv3 = segmentIn(lx, 'SV3');
        lines += sv1 !== undefined ? cents(el(sv1, 2)) : sv2 !== undefined ? cents(el(sv2, 3)) : cents(el(sv3, 2));
      }
      if (clm !== undefined && cents(el(clm, 2)) !== lines) {
        report(elementFinding(clm, 2, 'I12', 'snip3-837-claim-balance', `CLM02 ${el(clm, 2)} is not the sum of the service line charges ${money(lines)}`));
      }
    },
  }),
};

/** 835: claim and service line balancing, and the payment total. */
export const snip3RemittanceBalanceRule: X12ValidationRule = {
  name: 'snip3-835-balance',
  level: 3,
  appliesTo: (spec) => spec.transactionSet === '835',
  start: () => {
    let paid = 0;
    let plb = 0;
    let bpr: X12SegmentNode | undefined;
    return {
      onSegment(node) {
        if (node.segment.id === 'BPR') bpr = node;
        if (node.segment.id === 'CLP') paid += cents(el(node, 4));
        if (node.segment.id === 'PLB') for (const n of [4, 6, 8, 10, 12, 14]) plb += cents(el(node, n));
      },
      onLoopEnd(loop, report: X12Report) {
        if (loop.id === '2110') {
          const svc = triggerNode(loop);
          if (svc !== undefined && cents(el(svc, 2)) - casTotal(loop) !== cents(el(svc, 3))) {
            report(elementFinding(svc, 3, 'I12', 'snip3-835-line-balance',
              `SVC02 ${el(svc, 2)} − adjustments ${money(casTotal(loop))} ≠ SVC03 ${el(svc, 3)}`));
          }
        }
        if (loop.id === '2100') {
          const clp = triggerNode(loop);
          // Line-level CAS count toward the claim only when the claim's charge is broken down into lines.
          const lines = loopsIn(loop, '2110');
          const adjustments = casTotal(loop) + lines.reduce((sum, l) => sum + casTotal(l), 0);
          if (clp !== undefined && cents(el(clp, 3)) - adjustments !== cents(el(clp, 4))) {
            report(elementFinding(clp, 4, 'I12', 'snip3-835-claim-balance',
              `CLP03 ${el(clp, 3)} − adjustments ${money(adjustments)} ≠ CLP04 ${el(clp, 4)}`));
          }
        }
      },
      onTransactionEnd(_root, report) {
        if (bpr !== undefined && cents(el(bpr, 2)) !== paid - plb) {
          report(elementFinding(bpr, 2, 'I12', 'snip3-835-payment-balance', `BPR02 ${el(bpr, 2)} ≠ sum of CLP04 ${money(paid)} − PLB ${money(plb)}`));
        }
      },
    };
  },
};
