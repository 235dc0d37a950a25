import { describe, it, expect } from 'vitest';
import { createSchemaValidator } from './schema-validator.js';

const validator = createSchemaValidator();

describe('createSchemaValidator', () => {
  it('accepts a valid Patient', () => {
    expect(validator.validate({ resourceType: 'Patient', id: 'p1', birthDate: '1970-01-02', name: [{ family: 'X', given: ['Y'] }] })).toEqual([]);
  });

  it.each([
    ['bad date', { resourceType: 'Patient', birthDate: '1970-13-01' }, 'Patient.birthDate', 'invalid'],
    ['unknown element', { resourceType: 'Patient', foo: 1 }, 'Patient.foo', 'structure'],
    ['wrong type', { resourceType: 'Patient', name: [{ given: 'x' }] }, 'Patient.name[0].given', 'structure'],
    ['bad code', { resourceType: 'Patient', gender: 'robot' }, 'Patient.gender', 'invalid'],
    ['missing required', { resourceType: 'Observation', status: 'final' }, 'Observation.code', 'invalid'],
    ['bad id', { resourceType: 'Patient', id: 'a b' }, 'Patient.id', 'invalid'],
    ['empty string', { resourceType: 'Patient', name: [{ family: '' }] }, 'Patient.name[0].family', 'invalid'],
  ])('reports %s at its path', (_name, resource, expression, code) => {
    const issues = validator.validate(resource);
    expect(issues.length).toBeGreaterThan(0);
    const hit = issues.find((i) => i.expression?.[0] === expression);
    expect(hit, JSON.stringify(issues)).toBeDefined();
    expect(hit?.code).toBe(code);
    expect(hit?.severity).toBe('error');
  });

  it.each([
    ['no resourceType', { id: 'x' }],
    ['unknown type', { resourceType: 'Banana' }],
    ['a Medplum-only type', { resourceType: 'Project', name: 'x' }],
    ['not an object', 'Patient'],
    ['an array', [{ resourceType: 'Patient' }]],
  ])('rejects %s', (_name, resource) => {
    expect(validator.validate(resource)[0]?.severity).toBe('error');
  });

  it('validates contained and bundled resources by their own type, with a path', () => {
    const issues = validator.validate({
      resourceType: 'Bundle', type: 'collection',
      entry: [{ resource: { resourceType: 'Patient', contained: [{ resourceType: 'Organization', bogus: true }] } }],
    });
    expect(issues.map((i) => i.expression?.[0])).toEqual(['Bundle.entry[0].resource.contained[0].bogus']);
  });
});
