import { describe, it, expect } from 'vitest';
import type { Observation } from 'fhir/r4.js';
import { createIndexExtractor } from '../../core/search/extract.js';
import { loadSearchParamRegistry } from '../../core/search/registry.js';
import { constraintSearchParams, matchesConstraint, satisfies } from './constraint-match.js';

const extractor = createIndexExtractor(loadSearchParamRegistry());
const CAT = 'http://terminology.hl7.org/CodeSystem/observation-category';
const lab: Observation = {
  resourceType: 'Observation', id: 'o1', status: 'final', code: { coding: [{ system: 'http://loinc.org', code: '1-1' }] },
  category: [{ coding: [{ system: CAT, code: 'laboratory' }] }], subject: { reference: 'Patient/p1' },
};

describe('matchesConstraint', () => {
  it.each([
    ['category=laboratory', true],
    [`category=${CAT}|laboratory`, true],
    [`category=${CAT}|`, true],
    ['category=|laboratory', false],
    ['category=vital-signs', false],
    ['category=vital-signs,laboratory', true],
    ['category=laboratory&code=1-1', true],
    ['category=laboratory&code=2-2', false],
    ['subject=Patient/p1', true],
    ['subject=p1', true],
    ['subject=Patient/p2', false],
    ['category:text=lab', false],
    ['no-such-param=x', false],
  ])('%s → %s', (query, expected) => {
    expect(matchesConstraint(extractor, lab, new URLSearchParams(query))).toBe(expected);
  });

  it('no restriction is satisfied by anything; several are OR-ed', () => {
    expect(satisfies(extractor, lab, undefined)).toBe(true);
    expect(satisfies(extractor, lab, [new URLSearchParams('category=exam'), new URLSearchParams('category=laboratory')])).toBe(true);
    expect(satisfies(extractor, lab, [new URLSearchParams('category=exam')])).toBe(false);
  });
});

describe('constraintSearchParams', () => {
  it.each([
    [['category=laboratory'], [['category', 'laboratory']]],
    [['category=laboratory', 'category=vital-signs'], [['category', 'laboratory,vital-signs']]],
    [['category=laboratory', 'code=x'], undefined],
    [['category=laboratory&code=x', 'category=exam'], undefined],
  ])('%o', (queries, expected) => {
    expect(constraintSearchParams(queries.map((q) => new URLSearchParams(q)))).toEqual(expected);
  });
});
