/** Prepared statements cached per connection and SQL text (bounded; the oldest entry is evicted first). */
import type Database from 'better-sqlite3';

export class StatementCache {
  private readonly cache = new Map<string, Database.Statement>();
  constructor(
    readonly db: Database.Database,
    private readonly max = 500,
  ) {}

  /** The prepared statement for `sql` (compiled once). */
  get(sql: string): Database.Statement {
    const hit = this.cache.get(sql);
    if (hit) return hit;
    const stmt = this.db.prepare(sql);
    this.cache.set(sql, stmt);
    if (this.cache.size > this.max) {
      const oldest = this.cache.keys().next();
      if (!oldest.done) this.cache.delete(oldest.value);
    }
    return stmt;
  }
}
