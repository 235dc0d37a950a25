import { describe, it, expect } from 'vitest';
import type { ElementDefinition } from 'fhir/r4.js';
import { generateSnapshot, pathOfId } from './snapshot.js';

const base: ElementDefinition[] = [
  { id: 'Observation', path: 'Observation', min: 0, max: '*' },
  { id: 'Observation.category', path: 'Observation.category', min: 0, max: '*', type: [{ code: 'CodeableConcept' }] },
  { id: 'Observation.code', path: 'Observation.code', min: 1, max: '1', type: [{ code: 'CodeableConcept' }] },
];
const codeableConcept: ElementDefinition[] = [
  { id: 'CodeableConcept', path: 'CodeableConcept', min: 0, max: '*' },
  { id: 'CodeableConcept.coding', path: 'CodeableConcept.coding', min: 0, max: '*', type: [{ code: 'Coding' }] },
  { id: 'CodeableConcept.text', path: 'CodeableConcept.text', min: 0, max: '1', type: [{ code: 'string' }] },
];
const coding: ElementDefinition[] = [
  { id: 'Coding', path: 'Coding', min: 0, max: '*' },
  { id: 'Coding.system', path: 'Coding.system', min: 0, max: '1', type: [{ code: 'uri' }] },
  { id: 'Coding.code', path: 'Coding.code', min: 0, max: '1', type: [{ code: 'code' }] },
];
const datatypes = (t: string): ElementDefinition[] | undefined => (t === 'CodeableConcept' ? codeableConcept : t === 'Coding' ? coding : undefined);

describe('generateSnapshot', () => {
  it('merges constraints by id, adds slices after the sliced element and expands datatype children', () => {
    const out = generateSnapshot(base, [
      { id: 'Observation', path: 'Observation', constraint: [{ key: 'x-1', severity: 'error', human: 'h', expression: 'true' }] },
      { id: 'Observation.category', path: 'Observation.category', min: 1, slicing: { discriminator: [{ type: 'pattern', path: '$this' }], rules: 'open' } },
      { id: 'Observation.category:lab', path: 'Observation.category', sliceName: 'lab', min: 1, max: '1' },
      { id: 'Observation.category:lab.coding.code', path: 'Observation.category.coding.code', fixedCode: 'laboratory' },
    ], datatypes);
    expect(out.map((e) => e.id)).toEqual([
      'Observation', 'Observation.category', 'Observation.category:lab', 'Observation.category:lab.coding',
      'Observation.category:lab.coding.system', 'Observation.category:lab.coding.code', 'Observation.category:lab.text', 'Observation.code',
    ]);
    expect(out[0]?.constraint?.map((c) => c.key)).toEqual(['x-1']);
    expect(out[1]).toMatchObject({ min: 1, slicing: { rules: 'open' } });
    expect(out[2]).toMatchObject({ sliceName: 'lab', min: 1, max: '1', path: 'Observation.category' });
    expect(out[2]?.slicing).toBeUndefined();
    expect(out[5]).toMatchObject({ path: 'Observation.category.coding.code', fixedCode: 'laboratory' });
    expect(base).toHaveLength(3); // the base is not modified
  });

  it('fails on an element it cannot place', () => {
    expect(() => generateSnapshot(base, [{ id: 'Observation.nothing.here', path: 'Observation.nothing.here' }], datatypes)).toThrow(/cannot place|no element/);
  });

  it.each([
    ['Observation.category:lab.coding', 'Observation.category.coding'],
    ['Patient.extension:race', 'Patient.extension'],
    ['Patient.name', 'Patient.name'],
  ])('pathOfId(%s) = %s', (id, path) => {
    expect(pathOfId(id)).toBe(path);
  });
});
