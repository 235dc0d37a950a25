/**
 * Corpus test of the loop parser, SNIP 2 / 3 validation and X12 → FHIR: every file under
 * `${CORPUS_DIR}/x12` is validated and acknowledged with its envelope AND implementation findings;
 * each file's 999 / TA1 codes are named below (envelope-clean TR3-derived samples that still break the
 * 5010 implementation guides are named with the rule they break); every supported transaction set is
 * translated with no error issue into schema-valid R4 resources; the 835 samples balance.
 * CORPUS_DIR defaults to `../shared/corpus`; files are read in place, never copied into the repo.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { identityCodeMapper } from '../../src/core/code-mapping.js';
import { acknowledgeInterchange } from '../../src/translators/x12/ack/index.js';
import { fixedContext, segmentsOf } from '../../src/translators/x12/ack/test-support.js';
import { translateX12Transaction } from '../../src/translators/x12/fhir/index.js';
import { cents, validateX12 } from '../../src/translators/x12/snip/index.js';
import { el, loopsIn, segmentIn, segmentsIn } from '../../src/translators/x12/transactions/index.js';
import { createSchemaValidator } from '../../src/validation/index.js';
import { corpusDir } from '../support/corpus.js';

const x12Dir = join(corpusDir, 'x12');

/** Expected acknowledgements of the first interchange when they are not "accepted" (TA1 only when ISA14 = 1). */
const NOT_ACCEPTED: Record<string, readonly string[]> = {
  // SE02 ≠ ST02 (SNIP 1).
  '271_lfh_subscriber-error-AAA.x12': ['TA1 A 000', 'IK5 R 3 | AK9 R 1 1 0'],
  // Line-wrapped, not fixed-width ISA (SNIP 1): the interchange is rejected, no 999.
  '278_tmhp_request-assessment.x12': ['TA1 R 022'],
  '278_tmhp_request-pt-restart.x12': ['TA1 R 022'],
  // X221A1: BPR16 is not a date (20002316) and the required 1000A PER*BL payer technical contact is absent.
  '835_lfh_managed-care.x12': ['TA1 A 000', 'IK3 BPR 2  8 | IK4 16 373 8 20002316 | IK3 PER 8 1000A 3 | IK5 R 5 | AK9 R 1 1 0'],
  '835_lfh_medicare-part-a.x12': ['TA1 A 000', 'IK3 PER 9 1000A 3 | IK5 R 5 | AK9 R 1 1 0'],
  // BPR16 missing, no PER*BL, and composites written with '>' while ISA16 says ':'.
  '835_lfh_secondary-payment.x12': ['TA1 A 000', 'IK3 BPR 2  8 | IK4 16 373 1 | IK3 PER 9 1000A 3 | IK3 SVC 27 2110 8 | IK4 1:1 C003 7 HC>12345>26 | IK3 SVC 32 2110 8 | IK5 R 5 | AK9 R 1 1 0'],
  // HI composites written with '>' while ISA16 says ':' (the qualifier is unreadable), with the claim's CLM01 as CTX.
  '837I_lfh_ppo-repriced.x12': ['TA1 A 000', 'IK3 HI 31 2300 8 | CTX CLM01:456DFH43 | IK4 1:1 C022 7 BK>38181 | IK3 HI 32 2300 8 | CTX CLM01:456DFH43 | IK4 1:1 C022 7 BF>38900 | IK5 R 5 | AK9 R 1 1 0'],
  // SE01 wrong (SNIP 1), CLM02 500 ≠ line charges 12.25 (SNIP 3), HL01 reused and HL02 pointing nowhere (SNIP 2).
  '837P_ims_different-separators.x12': ['TA1 A 000', 'IK3 CLM 20 2300 8 | CTX CLM01^A37YH556 | IK4 2 782 I12 500 | IK3 HL 25 2000B 8 | IK4 1 628 I12 2 | IK4 2 734 I12 3 | IK5 R 4 I5 | AK9 R 1 1 0'],
  '837P_ims_many-claims-820.x12': ['TA1 A 000', 'IK3 CLM 20 2300 8 | CTX CLM01:A37YH556 | IK4 2 782 I12 500 | IK3 HL 25 2000B 8 | IK4 1 628 I12 2 | IK4 2 734 I12 3 | IK5 R 4 I5 | AK9 R 1 1 0'],
  // 2320 other subscriber without its required 2330B other payer name loop.
  '837P_lfh_cob-example3A.x12': ['TA1 A 000', 'IK3 NM1 42 2330B 3 | CTX CLM01:26407789 | IK5 R 5 | AK9 R 1 1 0'],
  // Acknowledgements are never acknowledged.
  '999_emedny_accepted.x12': [],
  '999_ims_rejected.x12': [],
};

/** TA1 (when any) and per 999 the IK3 / IK4 / CTX segments (first six) then IK5 and AK9. */
function summary(text: Buffer): string[] {
  const v = validateX12(text);
  const ic = v.envelope.interchanges[0];
  if (ic === undefined) return [];
  const acks = acknowledgeInterchange(ic, (v.findings[0] ?? []).filter((f) => f.level !== 'interchange'), fixedContext());
  return [
    ...(acks.ta1 === undefined ? [] : segmentsOf(acks.ta1.text).filter((s) => s[0] === 'TA1').map((s) => `TA1 ${s[4] ?? ''} ${s[5] ?? ''}`)),
    ...acks.functional.map((a) => segmentsOf(a.text).filter((s) => /^(IK3|IK4|IK5|AK9|CTX)/.test(s[0] ?? '')).map((s) => s.join(' '))
      .filter((s, i, all) => i < 6 || (/^(IK5|AK9)/.test(s) && i >= all.length - 2)).join(' | ')),
  ];
}

if (!existsSync(x12Dir)) {
  describe('X12 SNIP and translation over the corpus', () => {
    it(`CORPUS_DIR ${x12Dir} not found: corpus tests not run`, () => {
      expect(existsSync(x12Dir)).toBe(false);
    });
  });
} else {
  const files = readdirSync(x12Dir).filter((n) => n.endsWith('.x12')).sort();
  const schema = createSchemaValidator();
  let n = 0;
  const ctx = { codes: identityCodeMapper, source: 'x12:corpus', ids: () => `00000000-0000-4000-8000-${String(++n).padStart(12, '0')}`, now: () => new Date('2024-03-05T14:07:00Z') };

  describe(`X12 SNIP 1–3 acknowledgements over the corpus (${files.length} files)`, () => {
    it.each(files)('%s', (name) => {
      const text = readFileSync(join(x12Dir, name));
      const ic = validateX12(text).envelope.interchanges[0];
      const accepted = [...(ic?.ackRequested === true ? ['TA1 A 000'] : []), ...(ic?.groups ?? []).map((g) => `IK5 A | AK9 A ${g.transactions.length} ${g.transactions.length} ${g.transactions.length}`)];
      expect(summary(text)).toEqual(NOT_ACCEPTED[name] ?? accepted);
    });
  });

  describe('X12 → FHIR over the corpus', () => {
    it.each(files)('%s: every transaction set translates without error into schema-valid resources', (name) => {
      const v = validateX12(readFileSync(join(x12Dir, name)));
      for (const t of v.transactions) {
        if (t.spec === undefined || t.root === undefined) continue;
        const { bundle, issues } = translateX12Transaction(t.spec, t.root, ctx);
        expect(issues.filter((i) => i.severity === 'error' || i.severity === 'fatal')).toEqual([]);
        const invalid = (bundle.entry ?? []).flatMap((e) => schema.validate(e.resource).filter((i) => i.severity === 'error').map((i) => `${e.resource?.resourceType ?? ''} ${i.diagnostics ?? ''}`));
        expect(invalid).toEqual([]);
      }
    });
  });

  describe('835 balancing over the corpus', () => {
    it.each(files.filter((f) => f.startsWith('835')))('%s: BPR02 = Σ CLP04 − Σ PLB and every claim and line balances', (name) => {
      const v = validateX12(readFileSync(join(x12Dir, name)));
      expect(v.findings.flat().filter((f) => f.rule?.startsWith('snip3'))).toEqual([]);
      for (const t of v.transactions) {
        if (t.root === undefined) continue;
        const claims = loopsIn(t.root, '2000').flatMap((lx) => loopsIn(lx, '2100'));
        const paid = claims.reduce((s, c) => s + cents(el(c.items[0]?.kind === 'segment' ? c.items[0] : undefined, 4)), 0);
        const plb = segmentsIn(t.root, 'PLB').reduce((s, p) => s + [4, 6, 8, 10, 12, 14].reduce((x, i) => x + cents(el(p, i)), 0), 0);
        expect(cents(el(segmentIn(t.root, 'BPR'), 2))).toBe(paid - plb);
      }
    });
  });
}
