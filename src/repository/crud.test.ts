import { describe, it, expect, beforeEach } from 'vitest';
import type { Observation, Patient } from 'fhir/r4.js';
import { loadSearchParamRegistry } from '../core/search/registry.js';
import { createIndexExtractor } from '../core/search/extract.js';
import { openTestStore, storeKinds } from '../store/test-support/store-kinds.js';
import { createSchemaValidator } from '../validation/schema-validator.js';
import { conflict } from '../core/outcomes.js';
import type { FhirStore, FhirStoreTransaction } from '../ports/fhir-store.js';
import type { FhirRepository } from './fhir-repository.js';
import { makeRepository, outcomeOf, testContext } from './test-harness.js';

const registry = loadSearchParamRegistry();
const extractor = createIndexExtractor(registry);
const validator = createSchemaValidator();
const ctx = testContext();

describe.each(storeKinds)('on the %s store', (kind) => {
  let repo: FhirRepository;
  beforeEach(async () => {
    const store = await openTestStore(kind, registry, extractor);
    repo = makeRepository({ store, registry, extractor, validator });
  });

  const patient = (extra: Partial<Patient> = {}): Patient => ({ resourceType: 'Patient', name: [{ family: 'Smith' }], ...extra });

  describe('create', () => {
    it('assigns the server id, version 1, lastUpdated from the clock and source from the context', async () => {
      const r = await repo.create(ctx, patient({ id: 'client-choice' }));
      expect(r.created).toBe(true);
      expect(r.changed).toBe(true);
      expect(r.resource.id).toBe('id-1');
      expect(r.resource.meta).toEqual({ versionId: '1', lastUpdated: '2024-01-01T00:00:00.000Z', source: '#test' });
      expect(await repo.read(ctx, 'Patient', 'id-1')).toEqual(r.resource);
    });

    it('keeps client meta (tags, profiles) but replaces server-managed fields', async () => {
      const r = await repo.create(ctx, patient({ meta: { versionId: '99', tag: [{ system: 's', code: 't' }] } }));
      expect(r.resource.meta?.versionId).toBe('1');
      expect(r.resource.meta?.tag).toEqual([{ system: 's', code: 't' }]);
    });

    it.each([
      ['not an object', 'Patient', 'invalid'],
      ['no resourceType', { name: [] }, 'invalid'],
      ['schema error', { resourceType: 'Patient', birthDate: 'yesterday' }, 'invalid'],
      ['unknown element', { resourceType: 'Patient', nickname: 'x' }, 'invalid'],
      ['unknown type', { resourceType: 'Spaceship' }, 'invalid'],
    ])('rejects %s with 400', async (_name, body, category) => {
      const e = await outcomeOf(repo.create(ctx, body));
      expect(e.category).toBe(category);
    });

    it('reports the schema path of an error', async () => {
      const e = await outcomeOf(repo.create(ctx, { resourceType: 'Patient', birthDate: '2020-02-31x' }));
      expect(e.outcome.issue[0]?.expression).toEqual(['Patient.birthDate']);
    });
  });

  describe('read and vread', () => {
    it('404 for unknown, 410 for deleted', async () => {
      expect((await outcomeOf(repo.read(ctx, 'Patient', 'nope'))).category).toBe('not-found');
      const { resource } = await repo.create(ctx, patient());
      await repo.delete(ctx, 'Patient', resource.id ?? '');
      expect((await outcomeOf(repo.read(ctx, 'Patient', resource.id ?? ''))).category).toBe('gone');
    });

    it('vread returns each version; a deletion version is 410; unknown version 404', async () => {
      const { resource } = await repo.create(ctx, patient());
      const id = resource.id ?? '';
      await repo.update(ctx, 'Patient', id, patient({ id, gender: 'female' }));
      await repo.delete(ctx, 'Patient', id);
      expect((await repo.vread(ctx, 'Patient', id, '1')).meta?.versionId).toBe('1');
      expect(((await repo.vread(ctx, 'Patient', id, '2')) as Patient).gender).toBe('female');
      expect((await outcomeOf(repo.vread(ctx, 'Patient', id, '3'))).category).toBe('gone');
      expect((await outcomeOf(repo.vread(ctx, 'Patient', id, '4'))).category).toBe('not-found');
      expect((await outcomeOf(repo.vread(ctx, 'Patient', id, 'x'))).category).toBe('not-found');
    });
  });

  describe('update', () => {
    it('makes version n+1 and keeps history gapless', async () => {
      const { resource } = await repo.create(ctx, patient());
      const id = resource.id ?? '';
      const r2 = await repo.update(ctx, 'Patient', id, patient({ id, gender: 'male' }));
      expect(r2).toMatchObject({ created: false, changed: true });
      expect(r2.resource.meta?.versionId).toBe('2');
      const h = await repo.history(ctx, 'Patient', id, new URLSearchParams());
      expect(h.entry?.map((e) => e.response?.etag)).toEqual(['W/"2"', 'W/"1"']);
      expect(h.entry?.map((e) => e.request?.method)).toEqual(['PUT', 'POST']);
    });

    it('makes no new version when content equals the current version (ignoring meta)', async () => {
      const { resource } = await repo.create(ctx, patient());
      const id = resource.id ?? '';
      const same = await repo.update(ctx, 'Patient', id, { ...patient(), id, meta: { versionId: '7', lastUpdated: '2000-01-01T00:00:00Z' } });
      expect(same).toMatchObject({ created: false, changed: false });
      expect(same.resource.meta?.versionId).toBe('1');
      expect(same.resource).toEqual(resource);
    });

    it('creates with a client id when the resource does not exist (201)', async () => {
      const r = await repo.update(ctx, 'Patient', 'my-id.1', patient({ id: 'my-id.1' }));
      expect(r).toMatchObject({ created: true, changed: true });
      expect(r.resource.meta?.versionId).toBe('1');
    });

    it('recreates a deleted resource with the next version number', async () => {
      await repo.update(ctx, 'Patient', 'p', patient({ id: 'p' }));
      await repo.delete(ctx, 'Patient', 'p');
      const r = await repo.update(ctx, 'Patient', 'p', patient({ id: 'p' }));
      expect(r.created).toBe(true);
      expect(r.resource.meta?.versionId).toBe('3');
    });

    it.each([
      ['body id differs', 'p1', { resourceType: 'Patient', id: 'p2' }, 'invalid'],
      ['body id missing', 'p1', { resourceType: 'Patient' }, 'invalid'],
      ['type differs', 'p1', { resourceType: 'Observation', id: 'p1' }, 'invalid'],
      ['bad id', 'a b', { resourceType: 'Patient', id: 'a b' }, 'invalid'],
      ['id too long', 'x'.repeat(65), { resourceType: 'Patient', id: 'x'.repeat(65) }, 'invalid'],
    ])('400 when %s', async (_name, id, body, category) => {
      expect((await outcomeOf(repo.update(ctx, 'Patient', id, body))).category).toBe(category);
    });

    it('If-Match: matching version wins, a stale one gets 412', async () => {
      const { resource } = await repo.create(ctx, patient());
      const id = resource.id ?? '';
      await repo.update(ctx, 'Patient', id, patient({ id, gender: 'male' }), { ifMatch: 1 });
      const e = await outcomeOf(repo.update(ctx, 'Patient', id, patient({ id, gender: 'female' }), { ifMatch: 1 }));
      expect(e.category).toBe('precondition-failed');
      expect((await outcomeOf(repo.update(ctx, 'Patient', 'none', patient({ id: 'none' }), { ifMatch: 1 }))).category).toBe('precondition-failed');
    });

    it('concurrent updates without If-Match all land, versions gapless; with If-Match exactly one wins', async () => {
      const { resource } = await repo.create(ctx, patient());
      const id = resource.id ?? '';
      await Promise.all(Array.from({ length: 8 }, (_, i) => repo.update(ctx, 'Patient', id, patient({ id, birthDate: `200${i}` }))));
      const h = await repo.history(ctx, 'Patient', id, new URLSearchParams({ _count: '50' }));
      expect(h.entry?.map((e) => e.response?.etag)).toEqual(Array.from({ length: 9 }, (_, i) => `W/"${9 - i}"`));
      const results = await Promise.allSettled(
        Array.from({ length: 5 }, (_, i) => repo.update(ctx, 'Patient', id, patient({ id, birthDate: `199${i}` }), { ifMatch: 9 })),
      );
      expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
    });
  });

  describe('delete', () => {
    it('is idempotent for deleted and missing resources', async () => {
      const { resource } = await repo.create(ctx, patient());
      const id = resource.id ?? '';
      await repo.delete(ctx, 'Patient', id);
      await repo.delete(ctx, 'Patient', id);
      await repo.delete(ctx, 'Patient', 'never-existed');
      const h = await repo.history(ctx, 'Patient', id, new URLSearchParams());
      expect(h.entry?.map((e) => e.request?.method)).toEqual(['DELETE', 'POST']);
      expect(h.entry?.[0]?.resource).toBeUndefined();
    });

    it('If-Match on delete must match', async () => {
      const { resource } = await repo.create(ctx, patient());
      expect((await outcomeOf(repo.delete(ctx, 'Patient', resource.id ?? '', { ifMatch: 5 }))).category).toBe('precondition-failed');
    });
  });

  describe('history', () => {
    it('type and system level, _since, _count paging, unknown instance 404', async () => {
      await repo.create(ctx, patient());
      await repo.create(ctx, patient());
      const obs: Observation = { resourceType: 'Observation', status: 'final', code: { text: 'x' } };
      await repo.create(ctx, obs);
      expect((await repo.history(ctx, 'Patient', undefined, new URLSearchParams())).entry).toHaveLength(2);
      expect((await repo.history(ctx, undefined, undefined, new URLSearchParams())).entry).toHaveLength(3);
      const since = await repo.history(ctx, undefined, undefined, new URLSearchParams({ _since: '2024-01-01T00:00:01Z' }));
      expect(since.entry).toHaveLength(2);
      const page1 = await repo.history(ctx, undefined, undefined, new URLSearchParams({ _count: '2' }));
      expect(page1.entry).toHaveLength(2);
      const next = page1.link?.find((l) => l.relation === 'next')?.url;
      expect(next).toBeDefined();
      const page2 = await repo.history(ctx, undefined, undefined, new URL(next ?? '').searchParams);
      expect(page2.entry).toHaveLength(1);
      expect((await outcomeOf(repo.history(ctx, 'Patient', 'nope', new URLSearchParams()))).category).toBe('not-found');
      expect((await outcomeOf(repo.history(ctx, 'Patient', undefined, new URLSearchParams({ _since: 'soon' })))).category).toBe('invalid');
    });
  });

  describe('compare-and-set conflicts', () => {
    /** A store whose next `n` writes fail with a conflict (as when another instance wrote first). */
    async function flakyStore(failures: { n: number }): Promise<FhirStore> {
      const inner = await openTestStore(kind, registry, extractor);
      return {
        read: (t, i) => inner.read(t, i),
        vread: (t, i, v) => inner.vread(t, i, v),
        search: (r) => inner.search(r),
        history: (q) => inner.history(q),
        referrers: (t, i, l) => inner.referrers(t, i, l),
        reindex: (p, t) => inner.reindex(p, t),
        ping: () => inner.ping(),
        close: () => inner.close(),
        transaction: (work) =>
          inner.transaction((tx) => {
            const wrapped: FhirStoreTransaction = {
              read: (t, i) => tx.read(t, i),
              vread: (t, i, v) => tx.vread(t, i, v),
              search: (r) => tx.search(r),
              history: (q) => tx.history(q),
              referrers: (t, i, l) => tx.referrers(t, i, l),
              write: async (v) => {
                if (failures.n-- > 0) throw conflict('version conflict');
                return tx.write(v);
              },
            };
            return work(wrapped);
          }),
      };
    }

    it('without If-Match the write is retried on fresh data and lands (gapless)', async () => {
      const failures = { n: 0 };
      const flaky = makeRepository({ store: await flakyStore(failures), registry, extractor, validator });
      await flaky.update(ctx, 'Patient', 'c', patient({ id: 'c' }));
      failures.n = 2;
      const r = await flaky.update(ctx, 'Patient', 'c', patient({ id: 'c', gender: 'male' }));
      expect(r.resource.meta?.versionId).toBe('2');
      expect(failures.n).toBe(-1);
    });

    it('with If-Match a conflict is a 412; after too many retries the conflict surfaces', async () => {
      const failures = { n: 0 };
      const flaky = makeRepository({ store: await flakyStore(failures), registry, extractor, validator, config: { maxWriteRetries: 3 } });
      await flaky.update(ctx, 'Patient', 'c', patient({ id: 'c' }));
      failures.n = 1;
      expect((await outcomeOf(flaky.update(ctx, 'Patient', 'c', patient({ id: 'c', gender: 'male' }), { ifMatch: 1 }))).category).toBe('precondition-failed');
      failures.n = 100;
      expect((await outcomeOf(flaky.update(ctx, 'Patient', 'c', patient({ id: 'c', gender: 'male' })))).category).toBe('conflict');
    });
  });
});
