import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { defaultSearchParamRegistry } from '../../core/search/registry.js';
import type { SearchFilter } from '../../core/search/types.js';
import { chain, date, has, param, ref, text, token } from '../contract/search-builders.js';
import { ParamDictionary } from './param-dictionary.js';
import { createSchema } from './schema.js';
import { compileRidQuery, ridSql } from './search-compiler.js';

const registry = defaultSearchParamRegistry();

function compile(types: string[], filters: SearchFilter[], compartment?: string) {
  const db = new Database(':memory:');
  createSchema(db);
  const params = new ParamDictionary(db);
  for (const [t, c] of [['Observation', 'code'], ['Observation', 'patient'], ['Observation', 'date'], ['Observation', 'subject'], ['Patient', 'name']]) {
    params.ensure(t as string, c as string);
  }
  const q = compileRidQuery(types, filters, compartment, { params, registry, next: 0 });
  const sql = ridSql(q);
  // The statement must prepare (valid SQL, placeholders match the args).
  expect(() => db.prepare(sql.sql).all(...sql.args)).not.toThrow();
  return sql;
}

const NASTY = ["' OR 1=1 --", '%', '_', '{"$gt":""}', 'a\\b', ');DROP TABLE resources;--'];

describe('search compiler', () => {
  it.each(NASTY)('binds %s as a parameter, never as SQL text', (value) => {
    const sql = compile(['Observation'], [
      param(registry, 'Observation', 'code', [token(value, value)]),
      chain(registry, 'Observation', 'subject', 'Patient', param(registry, 'Patient', 'name', [text(value)])),
    ]);
    // Single characters such as `_` occur in identifiers; longer values must never appear in the text.
    if (value.length > 1) expect(sql.sql).not.toContain(value);
    expect(sql.sql).not.toMatch(/LIKE/);
    expect(sql.args).toContain(value);
  });

  it.each<[string, SearchFilter[], string | undefined, RegExp]>([
    ['a reference drives over token and date', [
      param(registry, 'Observation', 'date', [date('ge', '2020')]),
      param(registry, 'Observation', 'code', [token('c')]),
      param(registry, 'Observation', 'patient', [ref('Patient/p')]),
    ], undefined, /FROM idx_reference d\d+ WHERE/],
    ['_id drives on the resources table', [param(registry, 'Observation', '_id', [token('x')]), param(registry, 'Observation', 'code', [token('c')])], undefined, /FROM resources d\d+ WHERE/],
    ['the compartment drives when no reference filter', [param(registry, 'Observation', 'code', [token('c')])], 'Patient/p', /FROM compartment d\d+ WHERE/],
    ['no filter scans live resources of the type', [], undefined, /FROM resources d\d+ WHERE \(d\d+\.deleted = 0\)/],
    [':not never drives', [param(registry, 'Observation', 'code', [token('c')], 'not')], undefined, /NOT EXISTS/],
  ])('%s', (_label, filters, compartment, shape) => {
    expect(compile(['Observation'], filters, compartment).sql).toMatch(shape);
  });

  it('compiles nested _has as nested subqueries', () => {
    const sql = compile(['Organization'], [has(registry, 'Patient', 'organization', has(registry, 'Observation', 'patient', param(registry, 'Observation', 'code', [token('c')])))]);
    expect(sql.sql.match(/JOIN idx_reference/g)).toHaveLength(2);
  });

  it('rejects terminology modifiers with a not-supported 400', () => {
    expect(() => compile(['Observation'], [param(registry, 'Observation', 'code', [token('c')], 'below')])).toThrow(/Not supported/);
  });
});
