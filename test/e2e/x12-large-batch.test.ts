/**
 * A generated multi-MB 837P batch (5,100 claims, just over 2 MB in one transaction set) through the
 * background path (`POST /ingest/x12?async=true`): stored, keyed from an envelope read in slices (no
 * whole-input token list), then validated, acknowledged (999 accepted + one 277CA status per claim),
 * translated and committed in parts under the store's transaction cap, with progress; every claim is stored once.
 */
import { describe, expect, it } from 'vitest';
import type { Bundle } from 'fhir/r4.js';
import { x837pBatch } from './support/x12-claims.js';
import { segments, useX12App } from './support/x12-app.js';

const CLAIMS = 5100;
const { get, post } = useX12App();

describe('a multi-MB 837P batch in the background', () => {
  it('is acknowledged, answered with a 277CA per claim and every claim stored', async () => {
    const body = x837pBatch(CLAIMS);
    expect(body.length).toBeGreaterThan(2_000_000);
    const res = await post(body, '?async=true').expect(202);
    const location = res.headers['location'] ?? '';
    let status: { state: string; transactionSets: number; committed: number; code?: string } = { state: 'received', transactionSets: 0, committed: 0 };
    for (let i = 0; i < 1200 && (status.state === 'received' || status.state === 'processing'); i++) {
      await new Promise((ok) => setTimeout(ok, 100));
      status = (await get(location).expect(200)).body as typeof status;
    }
    expect(status).toMatchObject({ state: 'done', transactionSets: 1, committed: 1, code: 'A' });
    const answer = (await get(`${location}/answer`).expect(200)).text;
    const segs = segments(answer);
    expect(segs.filter((s) => s[0] === 'AK9').map((s) => s.slice(0, 3).join('*'))).toEqual(['AK9*A*1']);
    expect(segs.filter((s) => s[0] === 'ST').map((s) => s[1])).toEqual(['999', '277']);
    expect(segs.filter((s) => s[0] === 'STC' && s[1] === 'A2:20').length).toBeGreaterThanOrEqual(CLAIMS);
    expect(((await get('/fhir/Claim?_summary=count').expect(200)).body as Bundle).total).toBe(CLAIMS);
    expect(((await get(`/fhir/Claim?identifier=BATCH${CLAIMS}`).expect(200)).body as Bundle).entry).toHaveLength(1);
    const listed = (await get('/admin/api/messages?type=837').expect(200)).body as { entries: Array<{ sender: string; controlId: string; state: string }> };
    expect(listed.entries).toEqual([expect.objectContaining({ sender: 'ZZ:SENDER', controlId: '000000001', state: 'done' })]);
  }, 300_000);
});
