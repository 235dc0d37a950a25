/** The pipeline over real SQLite (inbox and FHIR store) and the real repository, with the test translator. */
import { afterEach, describe, expect, it } from 'vitest';
import type { Bundle, Patient, Provenance } from 'fhir/r4.js';
import { fail } from '../../core/outcomes.js';
import type { FhirInteractions } from '../../repository/types.js';
import { ackSummary, hl7, startHl7v2Harness, type Hl7v2Harness } from '../../../test/e2e/support/hl7v2-harness.js';
import { testTranslator } from './test-translator.js';

const ctx = { baseUrl: 'http://gateway.test/fhir', source: undefined, lenient: false, patientCompartment: undefined };
let h: Hl7v2Harness;
afterEach(async () => {
  await h.close();
});

async function patients(): Promise<Patient[]> {
  const b = await h.repo.search(ctx, 'Patient', new URLSearchParams());
  return (b.entry ?? []).map((e) => e.resource as Patient);
}

/** A repository whose `bundle` runs `before(call number)` first. */
function hookBundle(before: (n: number) => Promise<void>): (repo: FhirInteractions) => FhirInteractions {
  return (repo) => {
    let n = 0;
    return new Proxy(repo, {
      get(target, prop, receiver) {
        if (prop === 'bundle') {
          return async (...args: Parameters<FhirInteractions['bundle']>): Promise<Bundle> => {
            await before(++n);
            return target.bundle(...args);
          };
        }
        return Reflect.get(target, prop, receiver) as unknown;
      },
    });
  };
}

describe('Hl7v2Pipeline: original mode', () => {
  it('answers AA after the commit; the patient, its Provenance and meta.source lead back to the inbox entry', async () => {
    h = startHl7v2Harness();
    const [ack, ...more] = await h.send(hl7('M1'));
    expect(more).toEqual([]);
    expect(ackSummary(ack)).toEqual({ code: 'AA', controlId: 'M1', errors: [] });
    const [p] = await patients();
    expect(p?.identifier?.[0]).toEqual({ system: 'urn:id:HOSP', value: '123' });
    expect(p?.meta?.source).toBe('urn:lyfeai:inbox:1');
    const prov = await h.repo.read(ctx, 'Provenance', 'inbox-1') as Provenance;
    expect(prov.target).toEqual([{ reference: `Patient/${p?.id}` }]);
    expect(prov.entity?.[0]?.what?.identifier).toEqual({ system: 'urn:lyfeai:inbox', value: '1' });
    expect(await h.inbox.get('1')).toMatchObject({ state: 'done', attempts: 1, ack: { code: 'AA', text: ack?.text }, controlId: 'M1', messageType: 'ADT^A08', sender: 'LAB/HOSP' });
  });

  it('a duplicate gets the stored ACK again and writes nothing', async () => {
    h = startHl7v2Harness();
    const [first] = await h.send(hl7('M1'));
    const [again] = await h.send(hl7('M1'));
    expect(again).toEqual(first);
    const [p] = await patients();
    expect(p?.meta?.versionId).toBe('1');
    expect((await h.repo.read(ctx, 'Provenance', 'inbox-1')).meta?.versionId).toBe('1');
    expect((await h.inbox.list({ limit: 10 })).entries).toHaveLength(1);
  });

  it('the same control id with another payload is flagged: AE with ERR 205, stored as a dead conflict entry, not applied', async () => {
    h = startHl7v2Harness();
    await h.send(hl7('M1', { family: 'DOE' }));
    const [ack] = await h.send(hl7('M1', { family: 'ROE' }));
    expect(ackSummary(ack)).toMatchObject({ code: 'AE', controlId: 'M1', errors: ['205'] });
    expect((await patients()).map((p) => p.name?.[0]?.family)).toEqual(['DOE']);
    expect(await h.inbox.get('2')).toMatchObject({ state: 'dead', conflictOf: '1', ack: { code: 'AE' } });
    const [resent] = await h.send(hl7('M1', { family: 'ROE' }));
    expect(resent).toEqual(ack);
  });

  it.each([
    ['unsupported message type', hl7('M1', { type: 'ZZZ^Z01' }), 'AR', ['200']],
    ['unsupported version', hl7('M1', { version: '9.9' }), 'AR', ['203']],
    ['no MSH at all', 'this is not HL7', 'AR', ['100']],
  ])('%s: refused with a NAK and kept as a dead entry', async (_name, text, code, errors) => {
    h = startHl7v2Harness();
    const [ack] = await h.send(text);
    expect(ackSummary(ack)).toMatchObject({ code, errors: expect.arrayContaining(errors) });
    expect((await h.inbox.list({ limit: 5 })).entries[0]).toMatchObject({ state: 'dead', ack: { code } });
    expect(await patients()).toEqual([]);
  });

  it('a content error is AE with one ERR per issue, the entry failed with its OperationOutcome; replay after the fix applies it', async () => {
    const failOn = new Set(['BROKEN']);
    h = startHl7v2Harness({ translate: testTranslator({ failOn }) });
    const [ack] = await h.send(hl7('M1', { family: 'BROKEN' }));
    expect(ackSummary(ack)).toMatchObject({ code: 'AE', errors: ['103'] });
    expect(await h.inbox.get('1')).toMatchObject({ state: 'failed', outcome: { issue: [{ severity: 'error', expression: ['PID-5.1'] }] } });
    expect(await patients()).toEqual([]);
    const dry = await h.pipeline.dryRun('1');
    expect(dry).toMatchObject({ applicable: false, changes: [] });
    failOn.clear(); // the mapping fix
    expect(await h.pipeline.dryRun('1')).toMatchObject({ applicable: true, changes: [{ method: 'PUT', resourceType: 'Patient', action: 'create' }] });
    expect(await h.pipeline.replay('1')).toMatchObject({ id: '1', state: 'done', ackCode: 'AA' });
    expect(await patients()).toHaveLength(1);
    expect(await h.pipeline.dryRun('1')).toMatchObject({ changes: [{ action: 'unchanged', current: { versionId: '1' } }] });
  });

  it('dry run reports the elements a replay would change', async () => {
    h = startHl7v2Harness();
    await h.send(hl7('M1', { family: 'DOE' }));
    await h.send(hl7('M2', { family: 'ROE' }));
    const dry = await h.pipeline.dryRun('1');
    expect(dry.changes).toEqual([expect.objectContaining({ action: 'update', changedElements: ['name'], current: { id: expect.any(String), versionId: '2' } })]);
    expect((await patients())[0]?.meta?.versionId).toBe('2'); // nothing written
  });

  it('a store outage is AR (transient); the entry stays retryable and the resend is applied', async () => {
    let down = true;
    h = startHl7v2Harness({ wrapRepo: hookBundle(async () => { if (down) throw fail('unavailable', 'store down'); }) });
    const [ack] = await h.send(hl7('M1'));
    expect(ackSummary(ack)).toMatchObject({ code: 'AR', errors: ['207'] });
    expect(await h.inbox.get('1')).toMatchObject({ state: 'received', attempts: 1, notBefore: expect.any(String) });
    down = false;
    const [resent] = await h.send(hl7('M1'));
    expect(ackSummary(resent)).toMatchObject({ code: 'AA' });
    expect(await h.inbox.get('1')).toMatchObject({ state: 'done', attempts: 2 });
  });

  it('the retry worker applies entries left received', async () => {
    let down = true;
    h = startHl7v2Harness({ wrapRepo: hookBundle(async () => { if (down) throw new Error('SQLITE_IOERR'); }), clock: () => new Date(Date.now() + (down ? 0 : 3_600_000)) });
    await h.send(hl7('M1'));
    down = false;
    expect(await h.pipeline.retryDue()).toBe(1);
    expect(await h.inbox.get('1')).toMatchObject({ state: 'done' });
    expect(await patients()).toHaveLength(1);
  });

  it('the retention sweep drops raw payloads of done entries past INBOX_RETENTION_DAYS; a late duplicate is still answered', async () => {
    let now = Date.parse('2026-01-01T00:00:00Z');
    h = startHl7v2Harness({ clock: () => new Date(now), options: { retentionDays: 30 } });
    const [first] = await h.send(hl7('M1'));
    await h.send(hl7('M2', { family: 'BROKEN', pid: '' })); // failed: kept
    now += 31 * 86_400_000;
    expect(await h.pipeline.sweepRetention()).toBe(1);
    expect((await h.inbox.get('1'))?.raw).toBeUndefined();
    expect((await h.inbox.get('2'))?.raw).toBeDefined();
    expect(await h.send(hl7('M1'))).toEqual([first]);
    await expect(h.pipeline.replay('1')).rejects.toMatchObject({ category: 'conflict' });
  });

  it('when the inbox cannot store the message the answer is AR and nothing is applied', async () => {
    h = startHl7v2Harness({ wrapInbox: (inbox) => ({ ...inbox, put: () => Promise.reject(new Error('disk full')), close: () => inbox.close() }) });
    const [ack] = await h.send(hl7('M1'));
    expect(ackSummary(ack)).toMatchObject({ code: 'AR' });
    expect(await patients()).toEqual([]);
  });
});

describe('Hl7v2Pipeline: enhanced mode', () => {
  it.each([
    ['AL', 'AL', ['CA', 'AA']],
    ['AL', 'NE', ['CA']],
    ['NE', 'AL', ['AA']],
    ['ER', 'ER', []],
  ])('MSH-15 %s, MSH-16 %s → %j', async (msh15, msh16, codes) => {
    h = startHl7v2Harness();
    const acks = await h.send(hl7('E1', { msh15, msh16 }));
    expect(acks.map((a) => ackSummary(a).code)).toEqual(codes);
    expect(await patients()).toHaveLength(1);
  });
});

describe('Hl7v2Pipeline: ordering', () => {
  it('applies one patient’s messages in arrival order even when the first is slow', async () => {
    h = startHl7v2Harness({ wrapRepo: hookBundle(async (n) => { if (n === 1) await new Promise((r) => setTimeout(r, 50)); }) });
    const results = await Promise.all(['FIRST', 'SECOND', 'THIRD'].map((family, i) => h.send(hl7(`M${i}`, { family }))));
    expect(results.map(([a]) => ackSummary(a).code)).toEqual(['AA', 'AA', 'AA']);
    const [p] = await patients();
    expect(p).toMatchObject({ name: [{ family: 'THIRD' }], meta: { versionId: '3' } });
  });

  it('processes different patients in parallel', async () => {
    let running = 0;
    let most = 0;
    h = startHl7v2Harness({
      options: { concurrency: 4 },
      wrapRepo: hookBundle(async () => {
        most = Math.max(most, ++running);
        await new Promise((r) => setTimeout(r, 20));
        running--;
      }),
    });
    await Promise.all(['1', '2', '3', '4'].map((pid) => h.send(hl7(`M${pid}`, { pid }))));
    expect(most).toBeGreaterThan(1);
    expect(await patients()).toHaveLength(4);
  });
});
