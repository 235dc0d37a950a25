import { describe, expect, it } from 'vitest';
import type { ValueSet } from 'fhir/r4.js';
import { ResourceListLayer } from '../content/resource-list-layer.js';
import { TerminologyContent } from '../local/content-registry.js';
import { UcumTerminologyService } from './ucum-terminology-service.js';
import { UCUM_URL } from './validate-ucum.js';

const ALL_UCUM: ValueSet = { resourceType: 'ValueSet', url: 'http://example.org/vs/units', status: 'active', compose: { include: [{ system: UCUM_URL }] } };
const SHAPES = 'http://example.org/cs/shapes';
const svc = new UcumTerminologyService({
  content: new TerminologyContent([new ResourceListLayer('test', () => [
    ALL_UCUM,
    { resourceType: 'CodeSystem', url: SHAPES, status: 'active', content: 'complete', concept: [{ code: 'square', display: 'Square' }] },
  ])]),
  clock: () => new Date('2024-01-01T00:00:00Z'),
});

describe('UcumTerminologyService', () => {
  it.each([
    ['mg/dL', true],
    ['kg/m2', true],
    ['mmHg', false],
    ['mm[Hg]', true],
  ])('CodeSystem/$validate-code %s → %s', async (code, result) => {
    const r = await svc.validateCodeInCodeSystem({ url: UCUM_URL, code });
    expect(r.result).toBe(result);
    if (!result) expect(r.issues[0]?.code).toBe('code-invalid');
  });

  it('$lookup gives the unit name as display', async () => {
    const r = await svc.lookup({ system: UCUM_URL, code: 'mg/dL' });
    expect(r).toMatchObject({ name: 'UCUM', display: 'milligram per deciliter', abstract: false });
  });

  it('$lookup of an invalid unit is not-found', async () => {
    await expect(svc.lookup({ system: UCUM_URL, code: 'furlongs' })).rejects.toMatchObject({ outcome: { issue: [{ code: 'not-found' }] } });
  });

  it('ValueSet/$validate-code over a ValueSet including all of UCUM', async () => {
    expect((await svc.validateCodeInValueSet({ valueSet: ALL_UCUM.url ?? '', codings: [{ system: UCUM_URL, code: 'kg' }] })).result).toBe(true);
    expect((await svc.validateCodeInValueSet({ valueSet: ALL_UCUM, codings: [{ system: UCUM_URL, code: 'kgs' }] })).result).toBe(false);
  });

  it('$expand of a ValueSet including all of UCUM is too-costly', async () => {
    await expect(svc.expand({ valueSet: ALL_UCUM })).rejects.toMatchObject({ outcome: { issue: [{ code: 'too-costly' }] } });
  });

  it('leaves other systems to the local service', async () => {
    expect((await svc.validateCodeInCodeSystem({ url: SHAPES, code: 'square' })).result).toBe(true);
    expect((await svc.lookup({ system: SHAPES, code: 'square' })).display).toBe('Square');
  });
});
