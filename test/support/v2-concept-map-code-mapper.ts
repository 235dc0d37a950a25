/**
 * A CodeMapper over the committed V2-to-FHIR ConceptMaps (terminology/v2-to-fhir/*.json), for golden and
 * corpus tests: what a deployment answers with the shipped maps, without the terminology service.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { ConceptMap, Coding } from 'fhir/r4.js';
import type { CodeMapper } from '../../src/core/code-mapping.js';

const dir = resolve(import.meta.dirname, '../../terminology/v2-to-fhir');

/** A mapped coding and the `url|version` of its ConceptMap. */
type Hit = Coding & { readonly map: string };

/** source system → code → mapped codings (with their target system). */
function load(): Map<string, Map<string, Hit[]>> {
  const out = new Map<string, Map<string, Hit[]>>();
  for (const name of readdirSync(dir).filter((n) => n.endsWith('.json'))) {
    const map = JSON.parse(readFileSync(join(dir, name), 'utf8')) as ConceptMap;
    for (const group of map.group ?? []) {
      if (group.source === undefined || group.target === undefined) continue;
      const bySource = out.get(group.source) ?? new Map<string, Hit[]>();
      out.set(group.source, bySource);
      for (const el of group.element ?? []) {
        if (el.code === undefined) continue;
        const targets = (el.target ?? []).filter((x) => x.code !== undefined && x.equivalence !== 'unmatched' && x.equivalence !== 'disjoint');
        const list = bySource.get(el.code) ?? [];
        for (const x of targets) list.push({ system: group.target, code: x.code as string, ...(x.display !== undefined ? { display: x.display } : {}), map: `${map.url ?? ''}|${map.version ?? ''}` });
        bySource.set(el.code, list);
      }
    }
  }
  return out;
}

let cached: Map<string, Map<string, Hit[]>> | undefined;

/** The CodeMapper (maps loaded once per process). */
export const v2ConceptMapCodeMapper: CodeMapper = {
  map(input) {
    cached ??= load();
    const original: Coding = { system: input.system, code: input.code, ...(input.display !== undefined ? { display: input.display } : {}) };
    const found = (cached.get(input.system)?.get(input.code) ?? []).filter((c) => input.target === undefined || c.system === input.target);
    if (found.length === 0) return { codings: [original], mapped: false, maps: [] };
    const codings = found.map(({ map: _map, ...c }) => c);
    return { codings: [...codings, original], mapped: true, maps: [...new Set(found.map((h) => h.map))] };
  },
};
