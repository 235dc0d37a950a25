import { describe, expect, it } from 'vitest';
import { MingoClient } from './mingo-client.js';
import { MingoServerError } from './mingo-server.js';

interface Doc { _id: string; n: number; tags?: string[] }

function setup() {
  const client = new MingoClient();
  const col = client.db().collection<Doc>('c');
  return { client, col };
}

const codeOf = (e: unknown) => (e instanceof MingoServerError ? e.code : undefined);

describe('mingo collection double', () => {
  it('queries, sorts, limits and projects with MongoDB semantics', async () => {
    const { col } = setup();
    for (const [id, n] of [['a', 3], ['b', 1], ['c', 2]] as const) await col.insertOne({ _id: id, n, tags: [`t${n}`] });
    expect((await col.find({ n: { $gte: 2 } }, { sort: { n: -1 } }).toArray()).map((d) => d._id)).toEqual(['a', 'c']);
    expect(await col.find<{ _id: string }>({}, { sort: { n: 1 }, limit: 2, projection: { _id: 1 } }).toArray()).toEqual([{ _id: 'b' }, { _id: 'c' }]);
    expect(await col.countDocuments({ tags: 't2' })).toBe(1);
    // A value that looks like an operator stays a literal string.
    expect(await col.countDocuments({ _id: '$ne' })).toBe(0);
  });

  it('enforces a unique _id and rejects $-prefixed field names', async () => {
    const { col } = setup();
    await col.insertOne({ _id: 'a', n: 1 });
    expect(codeOf(await col.insertOne({ _id: 'a', n: 2 }).catch((e: unknown) => e))).toBe(11000);
    expect(codeOf(await col.insertOne({ _id: 'b', n: 1, ...{ $where: 'x' } } as Doc).catch((e: unknown) => e))).toBe(2);
  });

  it('replaces and updates only matching documents, returning matchedCount', async () => {
    const { col } = setup();
    await col.insertOne({ _id: 'a', n: 1 });
    expect(await col.replaceOne({ _id: 'a', n: 2 }, { n: 9 })).toEqual({ matchedCount: 0 });
    expect(await col.replaceOne({ _id: 'a', n: 1 }, { n: 2 })).toEqual({ matchedCount: 1 });
    expect(await col.updateOne({ _id: 'a' }, { $set: { tags: ['x'] } })).toEqual({ matchedCount: 1 });
    expect(await col.findOne({ _id: 'a' })).toEqual({ _id: 'a', n: 2, tags: ['x'] });
    expect(codeOf(await col.updateOne({ _id: 'a' }, { n: 3 } as never).catch((e: unknown) => e))).toBe(9);
  });

  it('validates index specs', async () => {
    const { col } = setup();
    expect(await col.createIndex({ 'tags': 1, n: -1 })).toBe('tags_1_n_-1');
    expect(codeOf(await col.createIndex({}).catch((e: unknown) => e))).toBe(67);
    expect(codeOf(await col.createIndex({ n: 2 } as never).catch((e: unknown) => e))).toBe(67);
  });
});

describe('mingo transactions double', () => {
  it('buffers writes until commit; reads in the transaction see them', async () => {
    const { client, col } = setup();
    const session = client.startSession();
    await session.withTransaction(async (s) => {
      await col.insertOne({ _id: 'a', n: 1 }, { session: s });
      expect(await col.findOne({ _id: 'a' }, { session: s })).toMatchObject({ n: 1 });
      expect(await col.findOne({ _id: 'a' })).toBeNull();
    });
    expect(await col.findOne({ _id: 'a' })).toMatchObject({ n: 1 });
  });

  it('discards writes when the callback throws', async () => {
    const { client, col } = setup();
    const session = client.startSession();
    await expect(session.withTransaction(async (s) => {
      await col.insertOne({ _id: 'a', n: 1 }, { session: s });
      throw new Error('boom');
    })).rejects.toThrow('boom');
    expect(await col.countDocuments({})).toBe(0);
  });

  it('makes a second writer of a locked document conflict and retries it after the first commits', async () => {
    const { client, col } = setup();
    await col.insertOne({ _id: 'a', n: 0 });
    let release: () => void = () => undefined;
    const held = new Promise<void>((resolve) => { release = resolve; });
    let secondRuns = 0;
    const first = client.startSession().withTransaction(async (s) => {
      await col.replaceOne({ _id: 'a', n: 0 }, { n: 1 }, { session: s });
      await held;
    });
    const second = client.startSession().withTransaction(async (s) => {
      secondRuns++;
      const cur = await col.findOne({ _id: 'a' }, { session: s });
      const r = await col.replaceOne({ _id: 'a', n: cur?.n ?? -1 }, { n: (cur?.n ?? 0) + 10 }, { session: s });
      return r.matchedCount;
    });
    await new Promise((resolve) => setTimeout(resolve, 5));
    release();
    await first;
    expect(await second).toBe(1);
    expect(secondRuns).toBeGreaterThan(1);
    expect(await col.findOne({ _id: 'a' })).toMatchObject({ n: 11 });
  });

  it('answers ping until closed', async () => {
    const { client } = setup();
    expect(await client.db().command({ ping: 1 })).toEqual({ ok: 1 });
    await client.close();
    await expect(client.db().command({ ping: 1 })).rejects.toThrow('closed');
  });
});
