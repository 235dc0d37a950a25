import { describe, it, expect } from 'vitest';
import type { Observation, Patient, Resource } from 'fhir/r4.js';
import { applyElements, applySummary, SUBSETTED_TAG } from './summary.js';
import { loadSummaryDefinitions } from './summary-definitions.js';

const defs = loadSummaryDefinitions();
const patient: Patient = {
  resourceType: 'Patient', id: 'p', meta: { versionId: '1' }, text: { status: 'generated', div: '<div>x</div>' },
  name: [{ family: 'F' }], gender: 'male', _gender: { id: 'g' }, photo: [{ contentType: 'image/png' }],
  deceasedBoolean: false, communication: [{ language: { text: 'en' } }],
};
const keys = (r: Resource): string[] => Object.keys(r).sort();
const subsetted = (r: Resource): boolean => r.meta?.tag?.some((t) => t.code === SUBSETTED_TAG.code) ?? false;

describe('applySummary', () => {
  it.each([
    ['true', ['_gender', 'deceasedBoolean', 'gender', 'id', 'meta', 'name', 'resourceType']],
    ['text', ['id', 'meta', 'resourceType', 'text']],
    ['data', ['_gender', 'communication', 'deceasedBoolean', 'gender', 'id', 'meta', 'name', 'photo', 'resourceType']],
  ] as const)('_summary=%s keeps the right elements and tags SUBSETTED', (mode, expected) => {
    const out = applySummary(patient, mode, defs);
    expect(keys(out)).toEqual(expected);
    expect(subsetted(out)).toBe(true);
    expect(out.meta?.versionId).toBe('1');
  });

  it('_summary=false returns the resource unchanged', () => {
    expect(applySummary(patient, 'false', defs)).toBe(patient);
  });

  it('keeps mandatory elements for text (Observation.status, code)', () => {
    const obs: Observation = { resourceType: 'Observation', status: 'final', code: { text: 'x' }, valueString: 'v', text: { status: 'generated', div: '<div/>' } };
    expect(keys(applySummary(obs, 'text', defs))).toEqual(['code', 'meta', 'resourceType', 'status', 'text']);
    expect(keys(applySummary(obs, 'true', defs))).toContain('valueString');
  });
});

describe('applyElements', () => {
  it('keeps the listed elements, id, meta and mandatory ones', () => {
    const obs: Observation = { resourceType: 'Observation', id: 'o', status: 'final', code: { text: 'x' }, valueQuantity: { value: 1 }, note: [{ text: 'n' }] };
    const out = applyElements(obs, ['value', 'Observation.note'], defs);
    expect(keys(out)).toEqual(['code', 'id', 'meta', 'note', 'resourceType', 'status', 'valueQuantity']);
    expect(subsetted(out)).toBe(true);
  });
});
