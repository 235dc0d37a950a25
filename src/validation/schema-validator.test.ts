import { describe, it, expect } from 'vitest';
import { createSchemaValidator } from './schema-validator.js';

const validator = createSchemaValidator();

describe('createSchemaValidator', () => {
  it('accepts a required primitive given only by its extension', () => {
    expect(validator.validate({ resourceType: 'Observation', _status: { extension: [{ url: 'http://x', valueString: 'y' }] }, code: { text: 'x' } })).toEqual([]);
  });

  it('accepts a valid Patient', () => {
    expect(validator.validate({ resourceType: 'Patient', id: 'p1', birthDate: '1970-01-02', name: [{ family: 'X', given: ['Y'] }] })).toEqual([]);
  });

  it.each([
    ['bad date', { resourceType: 'Patient', birthDate: '1970-13-01' }, 'Patient.birthDate', 'invalid'],
    ['unknown element', { resourceType: 'Patient', foo: 1 }, 'Patient.foo', 'structure'],
    ['wrong type', { resourceType: 'Patient', name: [{ given: 'x' }] }, 'Patient.name[0].given', 'structure'],
    ['bad code', { resourceType: 'Patient', gender: 'robot' }, 'Patient.gender', 'invalid'],
    ['missing required', { resourceType: 'Observation', status: 'final' }, 'Observation.code', 'invalid'],
    ['missing required primitive', { resourceType: 'Observation', code: { text: 'x' } }, 'Observation.status', 'required'],
    ['missing required choice', { resourceType: 'MedicationRequest', status: 'active', intent: 'order', subject: { reference: 'Patient/1' } }, 'MedicationRequest.medication[x]', 'required'],
    ['missing nested primitive', { resourceType: 'Bundle', type: 'transaction', entry: [{ request: { url: 'Patient' } }] }, 'Bundle.entry[0].request.method', 'required'],
    ['missing primitive in a datatype', { resourceType: 'Patient', text: { div: '<div xmlns="http://www.w3.org/1999/xhtml">x</div>' } }, 'Patient.text.status', 'required'],
    ['missing primitive in recursive items', { resourceType: 'Questionnaire', status: 'draft', item: [{ linkId: '1', type: 'group', item: [{ type: 'string' }] }] }, 'Questionnaire.item[0].item[0].linkId', 'required'],
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

describe('schema fixes', () => {
  it.each([
    ['NBSP in a string', { resourceType: 'Patient', name: [{ family: 'a\u00a0b' }] }],
    ['NBSP inside a code', { resourceType: 'CodeSystem', status: 'draft', content: 'complete', concept: [{ code: 'a\u00a0b' }] }],
    ['an extension on a canonical', { resourceType: 'StructureDefinition', url: 'http://x', name: 'x', status: 'draft', kind: 'resource', abstract: false, type: 'Patient', baseDefinition: 'http://y', _baseDefinition: { extension: [{ url: 'http://e', valueString: 'v' }] } }],
    ['an element named resourceType (ExampleScenario.instance)', { resourceType: 'ExampleScenario', status: 'draft', instance: [{ resourceId: 'a', resourceType: 'Patient' }] }],
  ])('accepts %s', (_name, resource) => {
    expect(validator.validate(resource)).toEqual([]);
  });

  it.each([
    ['a tab-separated uri', { resourceType: 'Patient', implicitRules: 'http://a b' }],
    ['Reference.resource (Medplum-only)', { resourceType: 'Observation', status: 'final', code: { text: 'x' }, subject: { reference: 'Patient/1', resource: { resourceType: 'Patient' } } }],
    ['leading whitespace in a code', { resourceType: 'Patient', gender: ' male' }],
  ])('still rejects %s', (_name, resource) => {
    expect(validator.validate(resource).length).toBeGreaterThan(0);
  });
});

describe('schema fixes in inline patterns', () => {
  it('accepts NBSP in an extension valueString', () => {
    expect(validator.validate({ resourceType: 'Patient', extension: [{ url: 'http://e', valueString: '\u00c2\u00a0' }] })).toEqual([]);
  });
});
