import type { Bundle } from 'fhir/r4.js';
import { describe, expect, it } from 'vitest';
import { identityCodeMapper } from '../../core/code-mapping.js';
import { CLAIM_NOT_FOUND, respondToX12, type X12SetAnswer } from '../../translators/x12/generate/index.js';
import type { X12TranslateContext } from '../../translators/x12/fhir/index.js';
import { x837pBatch } from '../../../test/e2e/support/x12-claims.js';
import { setParts } from './set-parts.js';

let n = 0;
const translate: X12TranslateContext = { codes: identityCodeMapper, source: 'x12:ZZ:SENDER', ids: () => `id-${++n}`, now: () => new Date('2024-02-01T00:00:00Z') };
const setOf = (claims: number): X12SetAnswer => {
  let c = 0;
  const answer = respondToX12(x837pBatch(claims), { coverages: () => [], claimStatus: () => CLAIM_NOT_FOUND }, translate,
    { clock: () => new Date('2024-02-01T00:00:00Z'), controlNumbers: { interchange: () => ++c, group: () => ++c } });
  const set = answer.sets[0];
  if (set === undefined) throw new Error('no set');
  return set;
};
const claimIds = (parts: readonly Bundle[]): string[] =>
  parts.flatMap((p) => (p.entry ?? []).flatMap((e) => (e.resource?.resourceType === 'Claim' ? [e.resource.identifier?.[0]?.value ?? ''] : [])));

describe('setParts', () => {
  it('commits a small set as its one translated bundle', () => {
    const set = setOf(3);
    expect(setParts(set, translate)).toEqual([set.translation?.bundle]);
  });

  it('splits a set over the cap into parts of whole claims, shared entries once per part, references inside the part', () => {
    const set = setOf(7);
    const parts = setParts(set, translate, 12);
    expect(parts.length).toBeGreaterThan(1);
    expect(claimIds(parts)).toEqual(['BATCH1', 'BATCH2', 'BATCH3', 'BATCH4', 'BATCH5', 'BATCH6', 'BATCH7']);
    for (const part of parts) {
      const entries = part.entry ?? [];
      expect(entries.length).toBeLessThanOrEqual(12);
      const keys = entries.map((e) => `${e.request?.method ?? ''} ${e.request?.url ?? ''} ${e.request?.ifNoneExist ?? ''}`).filter((k) => k.includes('?') || k.includes('identifier'));
      expect(new Set(keys).size).toBe(keys.length);
      const fullUrls = new Set(entries.map((e) => e.fullUrl));
      const refs = JSON.stringify(entries).match(/"reference":"urn:uuid:[^"]+"/g) ?? [];
      for (const r of refs) expect(fullUrls.has(r.slice('"reference":"'.length, -1))).toBe(true);
    }
  });
});
