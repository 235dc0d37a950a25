/**
 * Test support for the HL7 v2 → FHIR translators: a deterministic context (counter ids, fixed clock,
 * `urn:oid:` / `urn:id:` identifier systems) and a CodeMapper over ConceptMap resources (the shipped
 * V2-to-FHIR maps), so tests see the mappings a deployment would. Used by tests only.
 */
import type { Coding, ConceptMap } from 'fhir/r4.js';
import { identityCodeMapper, type CodeMapper } from '../../../core/code-mapping.js';
import type { Hl7v2TranslateContext } from './types.js';

/** `urn:oid:<authority>` for OIDs, `urn:id:<authority>` otherwise, `urn:id:unknown-<kind>` without one. */
export function defaultIdentifierSystem(authority: string | undefined, kind: string): string {
  if (authority === undefined) return `urn:id:unknown-${kind}`;
  if (/^[0-2](\.(0|[1-9]\d*))+$/.test(authority)) return `urn:oid:${authority}`;
  return `urn:id:${authority.replace(/[^A-Za-z0-9._~-]/g, '_')}`;
}

/** A CodeMapper answering from `maps` (equivalent / equal / wider / narrower targets), original coding last. */
export function conceptMapCodeMapper(maps: readonly ConceptMap[]): CodeMapper {
  const index = new Map<string, Array<{ coding: Coding; map: string }>>();
  for (const map of maps) {
    for (const group of map.group ?? []) {
      for (const element of group.element ?? []) {
        for (const target of element.target ?? []) {
          if (target.code === undefined || group.target === undefined || target.equivalence === 'unmatched' || target.equivalence === 'disjoint') continue;
          const key = `${group.source ?? ''}|${element.code ?? ''}`;
          const list = index.get(key) ?? [];
          list.push({ coding: { system: group.target, code: target.code, ...(target.display !== undefined ? { display: target.display } : {}) }, map: `${map.url ?? ''}|${map.version ?? ''}` });
          index.set(key, list);
        }
      }
    }
  }
  return {
    map(input, from) {
      const original = identityCodeMapper.map(input, from).codings;
      const hits = (index.get(`${input.system}|${input.code}`) ?? []).filter((h) => input.target === undefined || h.coding.system === input.target);
      const mapped = hits.filter((h) => !(h.coding.system === input.system && h.coding.code === input.code));
      return { codings: [...mapped.map((h) => h.coding), ...original], mapped: hits.length > 0, maps: [...new Set(hits.map((h) => h.map))] };
    },
  };
}

/** A deterministic translate context; `overrides` replace single members. */
export function testContext(overrides: Partial<Hl7v2TranslateContext> = {}): Hl7v2TranslateContext {
  let n = 0;
  return {
    codes: identityCodeMapper,
    source: 'hl7v2:TEST',
    identifierSystem: defaultIdentifierSystem,
    ids: () => `00000000-0000-4000-8000-${String(++n).padStart(12, '0')}`,
    now: () => new Date('2026-01-01T00:00:00Z'),
    rawMessageRef: 'urn:lyfeai:inbox:test',
    ...overrides,
  };
}
