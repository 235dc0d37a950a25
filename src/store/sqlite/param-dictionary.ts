/**
 * The `params` dictionary: (resource type, search param code) ↔ small integer `pid` used in every
 * index row. Loaded into memory at open; new pairs are added by the writer inside its transaction.
 */
import type Database from 'better-sqlite3';

export class ParamDictionary {
  private readonly byKey = new Map<string, number>();
  private readonly byCode = new Map<string, number[]>();
  /** type → code → pid (the writer's lookup, without building a key string per index entry). */
  private readonly byType = new Map<string, Map<string, number>>();

  constructor(private readonly db: Database.Database) {
    this.reload();
  }

  /** Re-reads the table (after a rolled-back transaction may have added pids that no longer exist). */
  reload(): void {
    this.byKey.clear();
    this.byCode.clear();
    this.byType.clear();
    const rows = this.db.prepare('SELECT pid, type, code FROM params').all() as { pid: number; type: string; code: string }[];
    for (const r of rows) this.remember(r.type, r.code, r.pid);
  }

  private remember(type: string, code: string, pid: number): void {
    this.byKey.set(`${type}\u0000${code}`, pid);
    this.codesOf(type).set(code, pid);
    const list = this.byCode.get(code);
    if (list) list.push(pid);
    else this.byCode.set(code, [pid]);
  }

  private codesOf(type: string): Map<string, number> {
    let codes = this.byType.get(type);
    if (codes === undefined) {
      codes = new Map();
      this.byType.set(type, codes);
    }
    return codes;
  }

  /**
   * `ensure` bound to one resource type (call inside the write transaction, use while it runs: a
   * rollback reloads the dictionary).
   */
  forType(type: string): (code: string) => number {
    return (code) => this.codesOf(type).get(code) ?? this.ensure(type, code);
  }

  /** The pid of (type, code), if any resource ever indexed it. */
  get(type: string, code: string): number | undefined {
    return this.byType.get(type)?.get(code);
  }

  /** The pid of (type, code), created when missing (call inside the write transaction). */
  ensure(type: string, code: string): number {
    const known = this.get(type, code);
    if (known !== undefined) return known;
    const info = this.db.prepare('INSERT INTO params(type, code) VALUES (?, ?)').run(type, code);
    const pid = Number(info.lastInsertRowid);
    this.remember(type, code, pid);
    return pid;
  }

  /** Every (type, code, pid) known. */
  *entries(): IterableIterator<{ type: string; code: string; pid: number }> {
    for (const [key, pid] of this.byKey) {
      const sep = key.indexOf('\u0000');
      yield { type: key.slice(0, sep), code: key.slice(sep + 1), pid };
    }
  }

  /** Pids of `code` on each of `types`, or on every type when `types` is empty. */
  pids(types: readonly string[], code: string): number[] {
    if (types.length === 0) return [...(this.byCode.get(code) ?? [])];
    const out: number[] = [];
    for (const t of types) {
      const pid = this.get(t, code);
      if (pid !== undefined) out.push(pid);
    }
    return out;
  }
}
