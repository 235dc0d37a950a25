import type { ConceptMap } from 'fhir/r4.js';
import { describe, expect, it } from 'vitest';
import { ConceptMapCodeMapper } from './concept-map-code-mapper.js';
import { integrationContext } from './integration-context.js';
import { MappingGapTable } from './mapping-gaps.js';
import {
  GENDER, GENDER_VS, LAB, LAB_B_MAP, LOINC, SEX_MAP, SHARED_LAB_MAP, V2_SEX, labBMap, mappingTestService, sharedLabMap,
} from './test-fixtures.js';

function setup(extra: ConceptMap[] = []) {
  const terminology = mappingTestService(extra);
  const gaps = new MappingGapTable();
  let now = Date.parse('2026-03-01T10:00:00Z');
  const mapper = new ConceptMapCodeMapper({ terminology, gaps, now: () => now });
  return { terminology, gaps, mapper, tick: (ms: number) => { now += ms; } };
}

describe('ConceptMapCodeMapper', () => {
  it.each([
    ['a shared map, no target', { system: LAB, code: 'GLU' }, 'lab-a', [{ system: LOINC, code: '2339-0', display: 'Glucose' }], [`${SHARED_LAB_MAP}|1`]],
    ['target = the code system', { system: LAB, code: 'HB', target: LOINC }, 'lab-a', [{ system: LOINC, code: '718-7', display: 'Hemoglobin' }], [`${SHARED_LAB_MAP}|1`]],
    ['target = a ValueSet holding the mapped code', { system: V2_SEX, code: 'F', target: GENDER_VS }, 'adt', [{ system: GENDER, code: 'female', display: 'Female' }], [`${SEX_MAP}|1`]],
    ['target = another system: nothing', { system: LAB, code: 'GLU', target: 'http://snomed.info/sct' }, 'lab-a', [], []],
    ['target = an unknown url: nothing', { system: V2_SEX, code: 'F', target: 'http://example.org/ValueSet/none' }, 'adt', [], []],
    ['an unmatched element is unmapped', { system: LAB, code: 'NA' }, 'lab-a', [], []],
    ['an unknown code is unmapped', { system: LAB, code: 'XYZ' }, 'lab-a', [], []],
    ['an unknown system is unmapped', { system: 'http://example.org/cs/none', code: 'GLU' }, 'lab-a', [], []],
  ] as const)('%s', (_name, input, source, mapped, maps) => {
    const { mapper } = setup();
    const out = mapper.map(input, { source });
    expect(out.codings).toEqual([...mapped, { system: input.system, code: input.code }]);
    expect(out.mapped).toBe(mapped.length > 0);
    expect(out.maps).toEqual(maps);
  });

  it('keeps the original coding as received (display included), last, never with an invented system', () => {
    const { mapper } = setup();
    expect(mapper.map({ system: LAB, code: 'GLU', display: 'Glucose fasting' }, { source: 'a' }).codings.at(-1)).toEqual({ system: LAB, code: 'GLU', display: 'Glucose fasting' });
    const unmapped = mapper.map({ system: LAB, code: 'ZZZ', display: 'Local thing' }, { source: 'a' });
    expect(unmapped.codings).toEqual([{ system: LAB, code: 'ZZZ', display: 'Local thing' }]);
    // the same code with another display: the cached mapping, this display
    expect(mapper.map({ system: LAB, code: 'GLU', display: 'GLU!' }, { source: 'a' }).codings).toEqual([
      { system: LOINC, code: '2339-0', display: 'Glucose' }, { system: LAB, code: 'GLU', display: 'GLU!' },
    ]);
  });

  it('prefers the per-integration map for its source, and only for it', () => {
    const { mapper, terminology } = setup();
    terminology.content.put(labBMap);
    expect(mapper.map({ system: LAB, code: 'GLU' }, { source: 'lab-b' })).toMatchObject({
      codings: [{ system: LOINC, code: '2345-7' }, { system: LAB, code: 'GLU' }], maps: [`${LAB_B_MAP}|3`],
    });
    // lab-a is not tied to the lab-b map: the shared map answers
    expect(mapper.map({ system: LAB, code: 'GLU' }, { source: 'lab-a' }).maps).toEqual([`${SHARED_LAB_MAP}|1`]);
    // a code the lab-b map does not know falls back to the shared map
    expect(mapper.map({ system: LAB, code: 'HB' }, { source: 'lab-b' }).maps).toEqual([`${SHARED_LAB_MAP}|1`]);
  });

  it('ties a map to several integrations through useContext text or codings', () => {
    const map: ConceptMap = {
      ...labBMap, url: 'http://example.org/ConceptMap/multi', version: '1',
      useContext: [integrationContext('x'), { code: integrationContext('y').code, valueCodeableConcept: { text: 'y' } }],
    };
    const { mapper } = setup([map]);
    for (const source of ['x', 'y']) expect(mapper.map({ system: LAB, code: 'GLU' }, { source }).codings[0]?.code).toBe('2345-7');
    expect(mapper.map({ system: LAB, code: 'GLU' }, { source: 'z' }).codings[0]?.code).toBe('2339-0');
  });

  it('drops cached answers when a ConceptMap changes (a new version is used at once)', () => {
    const { mapper, terminology } = setup();
    expect(mapper.map({ system: LAB, code: 'GLU' }, { source: 'a' }).codings[0]?.code).toBe('2339-0');
    expect(mapper.cached).toBe(1);
    terminology.content.put({ ...sharedLabMap, version: '2', group: [{ source: LAB, target: LOINC, element: [
      { code: 'GLU', target: [{ code: '15074-8', equivalence: 'equivalent' }] },
    ] }] });
    const after = mapper.map({ system: LAB, code: 'GLU' }, { source: 'a' });
    expect(after.codings[0]?.code).toBe('15074-8');
    expect(after.maps).toEqual([`${SHARED_LAB_MAP}|2`]);
    terminology.content.remove('ConceptMap', SHARED_LAB_MAP);
    expect(mapper.map({ system: LAB, code: 'GLU' }, { source: 'a' }).maps).toEqual([`${SHARED_LAB_MAP}|1`]);
  });

  it('answers from the cache with the same frozen object', () => {
    const { mapper } = setup();
    const a = mapper.map({ system: LAB, code: 'GLU' }, { source: 'a' });
    expect(mapper.map({ system: LAB, code: 'GLU' }, { source: 'a' })).toBe(a);
    expect(Object.isFrozen(a.codings)).toBe(true);
    expect(Object.isFrozen(a.codings[0])).toBe(true);
  });

  it('stays bounded: a full cache is emptied', () => {
    const terminology = mappingTestService();
    const mapper = new ConceptMapCodeMapper({ terminology, now: () => 0, cacheSize: 3 });
    for (let i = 0; i < 10; i++) mapper.map({ system: LAB, code: `C${i}` }, { source: 'a' });
    expect(mapper.cached).toBeLessThanOrEqual(3);
  });

  it('counts every unmapped use in the gap report (cached or not), with source and last display', () => {
    const { mapper, gaps, tick } = setup();
    mapper.map({ system: LAB, code: 'XYZ', display: 'first' }, { source: 'lab-a' });
    tick(60_000);
    mapper.map({ system: LAB, code: 'XYZ', display: 'second' }, { source: 'lab-a' });
    mapper.map({ system: LAB, code: 'XYZ' }, { source: 'lab-b' });
    mapper.map({ system: LAB, code: 'GLU' }, { source: 'lab-a' });
    expect(gaps.list().gaps).toEqual([
      { source: 'lab-a', system: LAB, code: 'XYZ', display: 'second', count: 2, firstSeen: '2026-03-01T10:00:00.000Z', lastSeen: '2026-03-01T10:01:00.000Z' },
      { source: 'lab-b', system: LAB, code: 'XYZ', count: 1, firstSeen: '2026-03-01T10:01:00.000Z', lastSeen: '2026-03-01T10:01:00.000Z' },
    ]);
  });
});
