/**
 * In-process code-mapping and terminology figures (issue 3): `$translate` through
 * `LocalTerminologyService.translateNow` (uncached service path) and through the CodeMapper (cached
 * path, and with its cache dropped before every call), and `$validate-code` on the synchronous path
 * (ValueSet and CodeSystem). Targets: translate >= 500,000/s, validate-code >= 200,000/s.
 * Standalone: `npx tsx bench/terminology-mapping.ts`; in the suite: `npm run bench -- terminology-mapping`.
 */
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { ConceptMap } from 'fhir/r4.js';
import type { CodeToMap } from '../src/core/code-mapping.js';
import type { CodeRef, TranslateRequest } from '../src/ports/terminology-service.js';
import { createDefaultContent } from '../src/terminology/content/default-content.js';
import { LocalTerminologyService } from '../src/terminology/local/local-terminology-service.js';
import { ConceptMapCodeMapper } from '../src/terminology/mapping/concept-map-code-mapper.js';
import { MappingGapTable } from '../src/terminology/mapping/mapping-gaps.js';
import { progress } from './lib/log.js';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');

/** Calls `op(i)` for about `seconds`; answers calls per second. */
function rate(seconds: number, op: (i: number) => unknown): number {
  let n = 0;
  const start = performance.now();
  const end = start + seconds * 1000;
  while (performance.now() < end) for (let k = 0; k < 1000; k++, n++) op(n);
  return Math.round(n / ((performance.now() - start) / 1000));
}

/** The figures. */
export interface TerminologyMappingFigures {
  readonly sourceCodes: number;
  readonly translateNowPerSecond: number;
  readonly mapperCachedPerSecond: number;
  readonly mapperCachedOtherDisplayPerSecond: number;
  readonly mapperUncachedPerSecond: number;
  readonly mapperUnmappedPerSecond: number;
  readonly validateValueSetPerSecond: number;
  readonly validateCodeSystemPerSecond: number;
  readonly targets: { readonly translatePerSecond: number; readonly validateCodePerSecond: number };
}

/** Runs each measurement for `seconds` over the shipped V2-to-FHIR maps and THO / FHIR core content. */
export function terminologyMappingBench(options: { seconds: number }): TerminologyMappingFigures {
  const { seconds } = options;
  const content = createDefaultContent({ shippedDir: join(root, 'terminology') });
  const svc = new LocalTerminologyService({ content, clock: () => new Date() });
  const pairs: TranslateRequest[] = [];
  for (const map of content.all('ConceptMap') as ConceptMap[]) {
    if (!map.url?.startsWith('http://hl7.org/fhir/uv/v2mappings/')) continue;
    for (const g of map.group ?? []) for (const e of g.element) {
      if (g.source !== undefined && e.code !== undefined && g.target !== undefined) pairs.push({ system: g.source, code: e.code, targetSystem: g.target });
    }
  }
  // Object literals, as translators write them (objects made by spreading get a hidden class each in V8,
  // which turns every property read megamorphic and would measure that instead).
  const inputs: CodeToMap[] = pairs.map((p) => ({ system: p.system, code: p.code, target: p.targetSystem ?? '' }));
  const pick = <T>(list: readonly T[], i: number): T => list[i % list.length] as T;

  const translateNowPerSecond = rate(seconds, (i) => svc.translateNow(pick(pairs, i)));
  progress(`terminology-mapping: translateNow ${translateNowPerSecond}/s over ${pairs.length} source codes`);

  const mapper = new ConceptMapCodeMapper({ terminology: svc, gaps: new MappingGapTable(), now: () => 0 });
  const from = { source: 'bench' };
  for (const input of inputs) mapper.map(input, from); // fill the cache
  const mapperCachedPerSecond = rate(seconds, (i) => mapper.map(pick(inputs, i), from));
  const withDisplay: CodeToMap[] = inputs.map((x) => ({ system: x.system, code: x.code, target: x.target ?? '', display: `local ${x.code}` }));
  const mapperCachedOtherDisplayPerSecond = rate(seconds, (i) => mapper.map(pick(withDisplay, i), from));
  const mapperUncachedPerSecond = rate(seconds, (i) => {
    mapper.invalidate();
    return mapper.map(pick(inputs, i), from);
  });
  const unknown = Array.from({ length: 500 }, (_, k): CodeToMap => ({ system: 'http://example.org/cs/local-lab', code: `X${k}`, display: 'Unknown local test' }));
  const mapperUnmappedPerSecond = rate(seconds, (i) => mapper.map(pick(unknown, i), from));
  progress(`terminology-mapping: CodeMapper cached ${mapperCachedPerSecond}/s (other display ${mapperCachedOtherDisplayPerSecond}/s), uncached ${mapperUncachedPerSecond}/s, unmapped ${mapperUnmappedPerSecond}/s`);

  const vsCases: { valueSet: string; codings: CodeRef[] }[] = [
    { valueSet: 'http://hl7.org/fhir/ValueSet/observation-status', codings: [{ system: 'http://hl7.org/fhir/observation-status', code: 'final', display: 'Final' }] },
    { valueSet: 'http://hl7.org/fhir/ValueSet/administrative-gender', codings: [{ system: 'http://hl7.org/fhir/administrative-gender', code: 'female' }] },
    { valueSet: 'http://terminology.hl7.org/ValueSet/v2-0203', codings: [{ system: 'http://terminology.hl7.org/CodeSystem/v2-0203', code: 'MR' }] },
    { valueSet: 'http://hl7.org/fhir/ValueSet/observation-status', codings: [{ system: 'http://hl7.org/fhir/observation-status', code: 'nope' }] },
  ];
  for (const c of vsCases) svc.validateInValueSetNow(c); // first expansion outside the timing
  const validateValueSetPerSecond = rate(seconds, (i) => svc.validateInValueSetNow(pick(vsCases, i)));
  const csCodes = ['MR', 'SS', 'DL', 'XX', 'PPN', 'NOPE'];
  const validateCodeSystemPerSecond = rate(seconds, (i) => svc.validateInCodeSystemNow({ url: 'http://terminology.hl7.org/CodeSystem/v2-0203', code: pick(csCodes, i) }));
  progress(`terminology-mapping: validate-code ValueSet ${validateValueSetPerSecond}/s, CodeSystem ${validateCodeSystemPerSecond}/s`);

  return {
    sourceCodes: pairs.length, translateNowPerSecond, mapperCachedPerSecond, mapperCachedOtherDisplayPerSecond, mapperUncachedPerSecond,
    mapperUnmappedPerSecond, validateValueSetPerSecond, validateCodeSystemPerSecond,
    targets: { translatePerSecond: 500_000, validateCodePerSecond: 200_000 },
  };
}

const entry = process.argv[1];
if (entry !== undefined && resolve(entry) === fileURLToPath(import.meta.url)) {
  process.stdout.write(`${JSON.stringify(terminologyMappingBench({ seconds: 2 }), null, 2)}\n`);
}
