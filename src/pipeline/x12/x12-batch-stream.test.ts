import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Bundle, Claim, Provenance, Resource } from 'fhir/r4.js';
import { identityCodeMapper, type CodeMapper } from '../../core/code-mapping.js';
import { notFound } from '../../core/outcomes.js';
import type { RequestContext } from '../../repository/types.js';
import { fixedContext, segmentsOf } from '../../translators/x12/ack/test-support.js';
import { isa } from '../../translators/x12/fixtures.js';
import { CLAIM_NOT_FOUND, respondToX12 } from '../../translators/x12/generate/index.js';
import { BODY_837P, x837p } from '../../translators/x12/transactions/test-fixtures.js';
import { applyPartnerAliases } from './keys.js';
import { setParts } from './set-parts.js';
import { processX12Stream, streamsX12, x12TextChunks, type X12JobProgress } from './x12-batch-stream.js';

const CORPUS = join(import.meta.dirname, '../../../../shared/corpus/x12');
const NOW = '2024-03-05T14:07:00.000Z';
const ctx: RequestContext = { baseUrl: 'http://test/fhir', source: 'urn:lyfeai:inbox:e1', lenient: true, patientCompartment: undefined };

/** `n` subscriber claims (CLM01 `C<first + i>`, 150.00) after the 837P fixture's header. */
function claims(n: number, first = 0, edit: (claim: string[], i: number) => string[] = (c) => c): string[] {
  const out: string[] = [];
  for (let i = first; i < first + n; i++) {
    out.push(...edit(BODY_837P.slice(10).map((s) => s.replace('HL*2*1*22*0', `HL*${i + 2}*1*22*0`).replace('CLM*26463774', `CLM*C${i}`)
      .replace('JS00111223333', `M${i}`)), i));
  }
  return [...BODY_837P.slice(0, 10), ...out];
}

/** One interchange, one group, one 837P set per body. */
function sets(bodies: readonly string[][]): string {
  const lines = ['GS*HC*SENDER*RECEIVER*20240115*1230*1*X*005010X222A1',
    ...bodies.flatMap((b, k) => [`ST*837*${String(k + 1).padStart(4, '0')}*005010X222A1`, ...b, `SE*${b.length + 2}*${String(k + 1).padStart(4, '0')}`]),
    `GE*${bodies.length}*1`, 'IEA*1*000000001'];
  return `${isa()}\n${lines.map((l) => `${l}~\n`).join('')}`;
}

const unbalanced = (c: string[]): string[] => c.map((s) => s.replace(/^CLM\*(\w+)\*150/, 'CLM*$1*151'));

function translateCtx(codes: CodeMapper = identityCodeMapper) {
  let n = 0;
  return { codes, source: 'x12:ZZ:SENDER', ids: () => `id-${++n}`, now: () => new Date(NOW) };
}

/** The in-memory path's answer text (as X12Pipeline builds it), with a fresh fixed ack context. */
function inMemory(text: string, aliases: Record<string, string> = {}): { text: string; acks: string; answer: ReturnType<typeof respondToX12> } {
  const answer = respondToX12(applyPartnerAliases(text, aliases), { coverages: () => [], claimStatus: () => CLAIM_NOT_FOUND }, translateCtx(), fixedContext());
  const acks = answer.acknowledgements.flatMap((a) => [a.ta1?.text, ...a.functional.map((f) => f.text)]).filter((t) => t !== undefined && t !== '').join('');
  return { text: acks + answer.sets.map((s) => s.response?.text ?? '').join(''), acks, answer };
}

/** The streamed path over `text` with a fresh fixed ack context; the bundles it committed. */
async function streamed(text: string, options: { chunk?: number; maxEntries?: number; codes?: CodeMapper; aliases?: Record<string, string>; committedBefore?: ReadonlySet<string> } = {}) {
  const bundles: Bundle[] = [];
  const progress: X12JobProgress = { total: 0, committed: 0 };
  const repo = {
    bundle: async (_c: RequestContext, b: unknown): Promise<Bundle> => { bundles.push(b as Bundle); return { resourceType: 'Bundle', type: 'transaction-response' }; },
    // Provenance of the parts an earlier attempt committed (`committedBefore`); nothing else is read.
    read: async (_c: RequestContext, type: string, id: string): Promise<Resource> => {
      if (type === 'Provenance' && options.committedBefore?.has(id) === true) return { resourceType: 'Provenance', id } as Resource;
      throw notFound(`${type}/${id} not found`);
    },
  };
  const t = translateCtx(options.codes);
  const answer = await processX12Stream({
    repo, codes: t.codes, ids: t.ids, clock: t.now, aliases: options.aliases ?? {}, ack: fixedContext(),
    ...(options.maxEntries === undefined ? {} : { maxEntries: options.maxEntries }), ...(options.chunk === undefined ? {} : { chunkChars: options.chunk }),
  }, { id: 'e1', sender: 'ZZ:SENDER', receivedAt: NOW, raw: Buffer.from(text, 'latin1') }, ctx, progress, { resume: options.committedBefore !== undefined });
  return { answer, bundles, progress };
}

const resources = <T>(bundles: readonly Bundle[], type: string): T[] => bundles.flatMap((b) => (b.entry ?? []).map((e) => e.resource)).filter((r) => r?.resourceType === type) as T[];
const claimIds = (bundles: readonly Bundle[]): string[] => resources<Claim>(bundles, 'Claim').map((c) => c.identifier?.[0]?.value ?? '');
const MANY = '837P_ims_many-claims-820.x12';
const corpus837 = readdirSync(CORPUS).filter((f) => f.startsWith('837') && f !== MANY).map((f): [string, string] => [f, readFileSync(join(CORPUS, f), 'latin1')]);

describe('streamed X12 batch: the same answer as the in-memory path', () => {
  it.each<[string, string]>([
    ['837P fixture', x837p()],
    ['40 claims, one unbalanced (set rejected: 999 R, no 277CA)', sets([claims(40, 0, (c, i) => (i === 7 ? unbalanced(c) : c))])],
    ['three sets, the second rejected (999 P)', sets([claims(5), unbalanced(claims(1, 5)), claims(5, 6)])],
    ['700 claims (277CA over 64 KiB)', sets([claims(700)])],
    ['IEA control number mismatch (TA1)', sets([claims(3)]).replace('IEA*1*000000001', 'IEA*1*000000002')],
    ...corpus837,
  ])('%s: byte-identical TA1 / 999 and 277CA, whatever the chunk size', async (_name, text) => {
    const expected = inMemory(text).text;
    for (const chunk of [997, 65_536]) expect((await streamed(text, { chunk })).answer.text).toBe(expected);
  });

  it.each(readdirSync(CORPUS).filter((f) => f.endsWith('.x12') && !f.startsWith('837')))('%s: byte-identical TA1 / 999', async (file) => {
    const text = readFileSync(join(CORPUS, file), 'latin1');
    const { answer } = await streamed(text, { chunk: 4096 });
    expect(answer.text).toBe(inMemory(text).acks);
  });

  it(`${MANY} (over 1,000 findings in its set): the same verdict, IK3 loops capped at the first 1,000 findings`, async () => {
    const text = readFileSync(join(CORPUS, MANY), 'latin1');
    const whole = segmentsOf(inMemory(text).acks).map((s) => s.join('*'));
    const { answer } = await streamed(text, { chunk: 65_536 });
    const part = segmentsOf(answer.text).map((s) => s.join('*'));
    const verdict = (segs: string[]): string[] => segs.filter((s) => /^(IK5|AK9)\*/.test(s));
    const ik5 = part.findIndex((s) => s.startsWith('IK5*'));
    expect(verdict(part)).toEqual(verdict(whole));
    expect(part.slice(0, ik5)).toEqual(whole.slice(0, ik5));
    expect(whole.length).toBeGreaterThan(part.length);
  });

  it('applies partner aliases chunk by chunk as the in-memory path does', async () => {
    const aliases = { 'SENDER|005010X222': '005010X222A1' };
    const text = sets([claims(30)]).replaceAll('005010X222A1', '005010X222');
    expect([...x12TextChunks(Buffer.from(text, 'latin1'), aliases, 500)].join('')).toBe(applyPartnerAliases(text, aliases));
    const { answer, bundles } = await streamed(text, { chunk: 500, aliases });
    expect(answer.text).toBe(inMemory(text, aliases).text);
    expect(claimIds(bundles)).toHaveLength(30);
  });
});

describe('streamed X12 batch: commits', () => {
  it('commits whole claims in parts with the Provenance ids of setParts', async () => {
    const text = sets([claims(30)]);
    const { bundles, progress } = await streamed(text, { chunk: 1000, maxEntries: 40 });
    const set = inMemory(text).answer.sets[0];
    if (set === undefined) throw new Error('no set');
    const parts = setParts(set, translateCtx(), 40);
    expect(bundles.length).toBe(parts.length);
    expect(bundles.length).toBeGreaterThan(2);
    expect(resources<Provenance>(bundles, 'Provenance').map((p) => p.id)).toEqual(parts.map((_p, u) => `inbox-e1-1-${u + 1}`));
    expect(bundles.map((b) => claimIds([b]))).toEqual(parts.map((p) => claimIds([p])));
    expect(progress).toMatchObject({ total: 1, committed: 1, phase: 'committing', units: { total: 30, committed: 30, rejected: 0 } });
  });

  it('a retry (resume) skips the parts an earlier attempt committed; the answer is the same', async () => {
    const text = sets([claims(30)]);
    const first = await streamed(text, { chunk: 1000, maxEntries: 40 });
    const ids = resources<Provenance>(first.bundles, 'Provenance').map((p) => p.id ?? '');
    expect(ids.length).toBeGreaterThan(2);
    const retry = await streamed(text, { chunk: 1000, maxEntries: 40, committedBefore: new Set(ids.slice(0, 2)) });
    expect(resources<Provenance>(retry.bundles, 'Provenance').map((p) => p.id)).toEqual(ids.slice(2));
    expect(claimIds(retry.bundles)).toEqual(claimIds(first.bundles.slice(2)));
    expect(retry.answer.text).toBe(first.answer.text);
    expect(retry.progress.units).toEqual({ total: 30, committed: 30, rejected: 0 });
  });

  it('a small set is one part: Provenance/inbox-<entry>-<set>', async () => {
    const { bundles } = await streamed(sets([claims(3), claims(2, 3)]));
    expect(resources<Provenance>(bundles, 'Provenance').map((p) => p.id)).toEqual(['inbox-e1-1', 'inbox-e1-2']);
  });

  it('commits nothing of a rejected set, and the other sets whole', async () => {
    const { bundles, progress, answer } = await streamed(sets([claims(5), unbalanced(claims(1, 5)), claims(5, 6)]), { chunk: 700 });
    expect(claimIds(bundles)).toEqual(['C0', 'C1', 'C2', 'C3', 'C4', 'C6', 'C7', 'C8', 'C9', 'C10']);
    expect(progress).toMatchObject({ total: 3, committed: 2, units: { total: 10, committed: 10, rejected: 0 } });
    expect(segmentsOf(answer.text).filter((s) => s[0] === 'IK5' || s[0] === 'AK9').map((s) => s.join('*'))).toEqual(['IK5*A', 'IK5*R*I5', 'IK5*A', 'AK9*P*3*3*2']);
  });

  it('a claim whose translation fails is not committed and is rejected in the 277CA (A3:21)', async () => {
    const failing: CodeMapper = { map: (c, from) => { if (c.code.startsWith('Z99')) throw new Error('mapping down'); return identityCodeMapper.map(c, from); } };
    const text = sets([claims(4, 0, (c, i) => (i === 2 ? c.map((s) => s.replace('ABF:R05', 'ABF:R05*ABF:Z999')) : c))]);
    const { bundles, answer, progress } = await streamed(text, { codes: failing });
    expect(claimIds(bundles)).toEqual(['C0', 'C1', 'C3']);
    const stc = segmentsOf(answer.text).filter((s) => s[0] === 'STC').map((s) => s[1]);
    expect(stc).toEqual(['A1:19', 'A2:20', 'A2:20', 'A3:21', 'A2:20']);
    expect(progress.units).toEqual({ total: 4, committed: 3, rejected: 1 });
  });

  it('answers acknowledgements only for inputs with nothing accepted', async () => {
    const { bundles, answer } = await streamed(sets([unbalanced(claims(2))]));
    expect([bundles.length, answer.code, segmentsOf(answer.text).filter((s) => s[0] === 'ST').map((s) => s[1])]).toEqual([0, 'R', ['999']]);
  });
});

describe('streamsX12', () => {
  const raw = (n: number): Buffer => Buffer.alloc(n);
  it.each([
    ['837 at the threshold', { raw: raw(1 << 20), messageType: '837' }, true],
    ['837 below it', { raw: raw((1 << 20) - 1), messageType: '837' }, false],
    ['835', { raw: raw(1 << 21), messageType: '835' }, false],
    ['837 and 835 mixed', { raw: raw(1 << 21), messageType: '837,835' }, false],
    ['raw purged', { raw: undefined, messageType: '837' }, false],
  ])('%s → %s', (_name, entry, expected) => {
    expect(streamsX12(entry)).toBe(expected);
  });

  it('honours a configured threshold', () => {
    expect(streamsX12({ raw: raw(10), messageType: '837' }, 0)).toBe(true);
  });
});
