import { describe, expect, it } from 'vitest';
import type { SearchParameter } from 'fhir/r4.js';
import { defaultSearchParamRegistry, loadSearchParamRegistry, narrowExpression, splitUnion } from './registry.js';

const registry = defaultSearchParamRegistry();

describe('search parameter registry', () => {
  it('knows every R4 resource type', () => {
    const types = registry.resourceTypes();
    expect(types).toHaveLength(145);
    expect(types).toContain('Patient');
    expect(types).toContain('Observation');
    expect(types).not.toContain('Resource');
  });

  it.each([
    ['Observation', 'code', 'token', 'Observation.code'],
    ['Condition', 'code', 'token', 'Condition.code'],
    ['AllergyIntolerance', 'code', 'token', 'AllergyIntolerance.code | AllergyIntolerance.reaction.substance'],
    ['Observation', 'patient', 'reference', 'Observation.subject.where(resolve() is Patient)'],
    ['Patient', 'name', 'string', 'Patient.name'],
    ['Patient', '_id', 'token', 'Resource.id'],
    ['Observation', '_lastUpdated', 'date', 'Resource.meta.lastUpdated'],
    ['Encounter', '_tag', 'token', 'Resource.meta.tag'],
    ['Observation', 'value-quantity', 'quantity', '(Observation.value as Quantity) | (Observation.value as SampledData)'],
    ['InsurancePlan', 'name', 'string', 'name | alias'],
    ['Observation', 'combo-code-value-quantity', 'composite', 'Observation | Observation.component'],
  ])('%s.%s is a %s on %s', (type, code, paramType, expression) => {
    const def = registry.get(type, code);
    expect(def?.type).toBe(paramType);
    expect(def?.expression).toBe(expression);
  });

  it('returns undefined for unknown params and types', () => {
    expect(registry.get('Patient', 'no-such-param')).toBeUndefined();
    expect(registry.get('NotAType', 'code')).toBeUndefined();
  });

  it('resolves composite components to codes and relative expressions', () => {
    expect(registry.get('Observation', 'component-code-value-quantity')?.components).toEqual([
      { param: 'component-code', expression: 'code' },
      { param: 'component-value-quantity', expression: 'value.as(Quantity)' },
    ]);
  });

  it('lists reference targets', () => {
    expect(registry.get('Observation', 'subject')?.target).toEqual(expect.arrayContaining(['Patient', 'Group', 'Device', 'Location']));
  });

  it('lists type params plus the universal ones', () => {
    const codes = registry.forType('Patient').map((d) => d.code);
    expect(codes).toEqual(expect.arrayContaining(['name', 'birthdate', 'identifier', '_id', '_lastUpdated', '_profile']));
    expect(new Set(codes).size).toBe(codes.length);
  });

  it('exposes the Patient compartment definition', () => {
    expect(registry.compartmentParams('Observation')).toEqual(expect.arrayContaining(['subject', 'performer']));
    expect(registry.compartmentParams('Organization')).toEqual([]);
  });

  it('adds extra SearchParameters, overriding same base and code', () => {
    const extra: SearchParameter[] = [
      { resourceType: 'SearchParameter', url: 'https://lyfeai.example/sp/patient-mrn', name: 'mrn', status: 'active', description: 'MRN',
        code: 'mrn', base: ['Patient'], type: 'token', expression: "Patient.identifier.where(system='urn:mrn')" },
      { resourceType: 'SearchParameter', url: 'https://lyfeai.example/sp/patient-gender', name: 'gender', status: 'active', description: 'g',
        code: 'gender', base: ['Patient'], type: 'token', expression: 'Patient.gender' },
    ];
    const r = loadSearchParamRegistry(extra);
    expect(r.get('Patient', 'mrn')?.expression).toBe("Patient.identifier.where(system='urn:mrn')");
    expect(r.get('Patient', 'gender')?.url).toBe('https://lyfeai.example/sp/patient-gender');
    expect(r.forType('Patient').filter((d) => d.code === 'gender')).toHaveLength(1);
  });

  it('is a singleton', () => {
    expect(defaultSearchParamRegistry()).toBe(registry);
  });
});

describe('expression helpers', () => {
  it.each([
    ['A.b | C.d', ['A.b', 'C.d']],
    ["(A.b as X) | A.c.where(x='a|b')", ['(A.b as X)', "A.c.where(x='a|b')"]],
    ['A.b', ['A.b']],
  ])('splitUnion(%j)', (expression, parts) => {
    expect(splitUnion(expression)).toEqual(parts);
  });

  const types = new Set(['Condition', 'Observation', 'Patient']);
  it.each([
    ['Condition.code | Observation.code', 'Observation', 'Observation.code'],
    ['(Condition.onset as dateTime) | (Observation.effective as dateTime)', 'Condition', '(Condition.onset as dateTime)'],
    ['name | alias', 'Patient', 'name | alias'],
    ['Condition.code', 'Patient', undefined],
  ])('narrowExpression(%j, %s)', (expression, base, expected) => {
    expect(narrowExpression(expression, base, types)).toBe(expected);
  });
});
