import { describe, expect, it } from 'vitest';
import { x835, x837p } from '../transactions/test-fixtures.js';
import { X12StreamValidator } from './stream-validator.js';
import { validateX12 } from './validate.js';

/** The SNIP 2 / 3 findings of the whole-input validator (envelope ones excluded). */
const whole = (text: string): string[] => (validateX12(text).findings[0] ?? []).filter((f) => f.rule?.startsWith('s') !== false && !f.rule?.startsWith('se-'))
  .map((f) => `${f.rule ?? ''} ${f.segment?.id ?? ''}@${f.segment?.position ?? ''} ${f.context?.businessUnit?.value ?? ''}`);

function streamed(text: string, chunk: number, max?: number) {
  const v = new X12StreamValidator({ ...(max === undefined ? {} : { maxFindingsPerSet: max }) });
  for (let i = 0; i < text.length; i += chunk) v.push(text.slice(i, i + chunk));
  return v.end();
}

const unbalanced = (n: number) => x837p((b) => {
  const claim = b.slice(17);
  const out = b.slice(0, 17);
  for (let i = 0; i < n; i++) out.push(...claim.map((s) => (s.startsWith('CLM*') ? `CLM*C${i}*151***11:B:1*Y*A*Y*I` : s)));
  return out;
});

describe('X12 stream validator', () => {
  it.each([
    ['clean 837P', x837p()],
    ['837P with three unbalanced claims (CTX per claim)', unbalanced(3)],
    ['835 with a line out of balance', x835((b) => b.map((s) => (s === 'CAS*CO*45*20' ? 'CAS*CO*45*25' : s)))],
  ])('%s: same findings as the whole-input validator, whatever the chunk size', (_name, text) => {
    for (const chunk of [7, 4096]) {
      const r = streamed(text, chunk);
      expect((r.findings.get(0) ?? []).map((f) => `${f.rule ?? ''} ${f.segment?.id ?? ''}@${f.segment?.position ?? ''} ${f.context?.businessUnit?.value ?? ''}`)).toEqual(whole(text));
    }
  });

  it('hands each claim to onUnit with its hierarchy, then drops it', () => {
    const seen: string[] = [];
    const v = new X12StreamValidator({ onUnit: (unit) => seen.push(`${unit.id} ${unit.parent?.id ?? ''} ${unit.parent?.parent?.id ?? ''}`) });
    v.push(unbalanced(2));
    const r = v.end();
    expect(seen).toEqual(['2300 2000B 2000A', '2300 2000B 2000A']);
    expect(r.envelope.interchanges[0]?.groups[0]?.transactions[0]?.segments).toEqual([]);
  });

  it('says where each claim is (interchange, group, set) and when each set ends', () => {
    const seen: string[] = [];
    const v = new X12StreamValidator({
      onUnit: (unit, _spec, p) => seen.push(`${unit.id}@${p.interchange}.${p.group}.${p.transaction}`),
      onSetEnd: (root, spec, p) => seen.push(`end ${spec.name}@${p.interchange}.${p.group}.${p.transaction} ${root.id === '' ? 'root' : root.id}`),
    });
    v.push(unbalanced(2) + x835());
    v.end();
    expect(seen).toEqual(['2300@0.0.0', '2300@0.0.0', 'end 837P@0.0.0 root', '2100@1.0.0', 'end 835@1.0.0 root']);
  });

  it('caps the findings kept per set and counts the rest', () => {
    const r = streamed(unbalanced(5), 4096, 2);
    expect([r.findings.get(0)?.length, r.droppedFindings]).toEqual([2, 3]);
  });
});

describe('X12 stream validator + translateX12Unit', () => {
  it('translates each streamed claim to the same Claim as the whole-input translation', async () => {
    const { translateX12Unit } = await import('../fhir/index.js');
    const { resourcesOf, testContext, translateText } = await import('../fhir/test-support.js');
    const claims: unknown[] = [];
    const ctx = testContext();
    const v = new X12StreamValidator({ onUnit: (unit, spec) => claims.push(...resourcesOf(translateX12Unit(spec, unit, ctx).bundle, 'Claim')) });
    v.push(x837p());
    v.end();
    const whole = resourcesOf(translateText(x837p()).bundle, 'Claim');
    const strip = (c: unknown): unknown => JSON.parse(JSON.stringify(c).replace(/urn:uuid:[0-9a-f-]+/g, 'urn:uuid:x'));
    expect(claims.map(strip)).toEqual(whole.map(strip));
  });
});
