/**
 * 834 maintenance over HTTP (`POST /ingest/x12`): add, full-file replacement (BGN08 = RX) ending the
 * sponsor's coverages absent from the file, reinstatement (INS03 / HD01 = 025) and a member-level
 * termination without HD loops (every coverage of the member ends).
 */
import { describe, expect, it } from 'vitest';
import type request from 'supertest';
import type { Coverage } from 'fhir/r4.js';
import { BODY_834, x834 } from '../../src/translators/x12/transactions/test-fixtures.js';
import { freshControlNumbers, useX12App } from './support/x12-app.js';

const { post, search } = useX12App();
const fresh = freshControlNumbers(500);
const send = (body: readonly string[]): Promise<request.Response> => post(fresh(x834(() => [...body]))).expect(200);
const coverages = async (): Promise<Coverage[]> => ((await search('Coverage?_count=100')).entry ?? []).map((e) => e.resource as Coverage);
const statuses = async (): Promise<string[]> => (await coverages()).map((c) => `${c.identifier?.[0]?.value ?? ''}:${c.status}:${c.period?.end ?? ''}`).sort();

const HEADER = BODY_834.slice(0, 4);
const JOHN = BODY_834.slice(4, 17);
const JANE = BODY_834.slice(17);

describe('834 maintenance', () => {
  it('add, full-file replacement, reinstate, member-level termination', async () => {
    await send(BODY_834);
    expect((await coverages()).map((c) => c.status)).toEqual(['active', 'active', 'active']);

    // Full-file replacement listing only John: Jane's coverage ends on the file's date.
    const rx = [HEADER[0]?.replace('****2', '****RX').replace('20240101', '20240601') ?? '', ...HEADER.slice(1), ...JOHN];
    const r = await send(rx);
    expect(r.text).toContain('AK9*A*1');
    const afterRx = await coverages();
    expect(afterRx.filter((c) => c.status === 'active')).toHaveLength(2);
    const ended = afterRx.filter((c) => c.status === 'cancelled');
    expect(ended).toHaveLength(1);
    expect(ended[0]?.beneficiary.reference).not.toBe(afterRx.find((c) => c.identifier?.[0]?.value?.endsWith('DEN'))?.beneficiary.reference);
    expect(ended[0]?.period?.end).toBeDefined();

    // Reinstatement of Jane (025).
    await send([...HEADER, ...JANE.map((s) => s.replace('INS*N*01*021', 'INS*N*01*025').replace('HD*021', 'HD*025'))]);
    expect((await coverages()).every((c) => c.status === 'active')).toBe(true);

    // John terminated at member level (no HD loops): both of his coverages end on DTP 357.
    await send([...HEADER, 'INS*Y*18*024*07*A***TE', 'REF*0F*123456789', 'DTP*357*D8*20240630', 'NM1*IL*1*DOE*JOHN*P***34*103229876', 'DMG*D8*19770816*M']);
    const final = await statuses();
    expect(final.filter((s) => s.includes(':cancelled:2024-06-30'))).toHaveLength(2);
    expect(final.filter((s) => s.includes(':active:'))).toHaveLength(1);
  });
});
