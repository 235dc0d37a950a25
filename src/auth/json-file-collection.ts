/**
 * A small keyed collection kept in memory and, when given a path, in one JSON file (mode 0600) rewritten
 * atomically on each change. For the auth server's handful of users and live refresh tokens; single process.
 */
import { writeFileAtomic } from './atomic-file.js';
import { readOptionalFile } from './signing-key.js';

/** Keyed records, optionally persisted. */
export class JsonFileCollection<T> {
  private items: Map<string, T> | undefined;
  /** Serialises writes so two concurrent changes never interleave their renames. */
  private queue: Promise<void> = Promise.resolve();

  /**
   * @param path JSON file (`{"items": [...]}`), or undefined for memory only.
   * @param keyOf the record's key.
   * @param parse narrows one stored record (throws on a malformed file).
   */
  constructor(
    private readonly path: string | undefined,
    private readonly keyOf: (item: T) => string,
    private readonly parse: (raw: unknown, where: string) => T,
  ) {}

  async get(key: string): Promise<T | undefined> {
    return (await this.load()).get(key);
  }

  async list(): Promise<readonly T[]> {
    return [...(await this.load()).values()];
  }

  async put(item: T): Promise<void> {
    await this.mutate((m) => {
      m.set(this.keyOf(item), item);
      return true;
    });
  }

  /** Removes every record matching `pred`; resolves to how many went. */
  async deleteWhere(pred: (item: T) => boolean): Promise<number> {
    let n = 0;
    await this.mutate((m) => {
      for (const [k, v] of m) {
        if (!pred(v)) continue;
        m.delete(k);
        n++;
      }
      return n > 0;
    });
    return n;
  }

  /** Atomically removes and returns the record with `key` (single use). */
  async take(key: string): Promise<T | undefined> {
    let taken: T | undefined;
    await this.mutate((m) => {
      taken = m.get(key);
      return m.delete(key);
    });
    return taken;
  }

  private mutate(change: (m: Map<string, T>) => boolean): Promise<void> {
    const run = this.queue.then(async () => {
      const m = await this.load();
      if (!change(m) || this.path === undefined) return;
      await writeFileAtomic(this.path, JSON.stringify({ items: [...m.values()] }));
    });
    this.queue = run.catch(() => undefined);
    return run;
  }

  private async load(): Promise<Map<string, T>> {
    if (this.items) return this.items;
    const text = this.path === undefined ? undefined : await readOptionalFile(this.path);
    const m = new Map<string, T>();
    if (text !== undefined) {
      const doc = JSON.parse(text) as unknown;
      const list = typeof doc === 'object' && doc !== null && 'items' in doc ? doc.items : undefined;
      if (!Array.isArray(list)) throw new Error(`${this.path ?? ''}: expected {"items": [...]}`);
      list.forEach((raw: unknown, i) => {
        const item = this.parse(raw, `${this.path ?? ''}: items[${i}]`);
        m.set(this.keyOf(item), item);
      });
    }
    this.items ??= m;
    return this.items;
  }
}

/** Narrows a stored record to a string-keyed object. */
export function asRecord(raw: unknown, where: string): Record<string, unknown> {
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) throw new Error(`${where} is not an object`);
  return raw as Record<string, unknown>;
}

/** A required string field of a stored record. */
export function requiredString(r: Record<string, unknown>, key: string, where: string): string {
  const v = r[key];
  if (typeof v !== 'string') throw new Error(`${where}.${key} is not a string`);
  return v;
}

/** An optional string field of a stored record. */
export function optionalString(r: Record<string, unknown>, key: string): string | undefined {
  const v = r[key];
  return typeof v === 'string' ? v : undefined;
}
