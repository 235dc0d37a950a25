import { describe, it, expect, beforeEach } from 'vitest';
import type { Parameters, ParametersParameter, Patient } from 'fhir/r4.js';
import { loadSearchParamRegistry } from '../core/search/registry.js';
import { createIndexExtractor } from '../core/search/extract.js';
import { openTestStore, storeKinds } from '../store/test-support/store-kinds.js';
import { createSchemaValidator } from '../validation/schema-validator.js';
import type { FhirRepository } from './fhir-repository.js';
import { applyFhirPathPatch } from './fhirpath-patch.js';
import { makeRepository, outcomeOf, testContext } from './test-harness.js';

const registry = loadSearchParamRegistry();
const extractor = createIndexExtractor(registry);
const validator = createSchemaValidator();
const ctx = testContext();

describe.each(storeKinds)('on the %s store', (kind) => {
  let repo: FhirRepository;
  let id: string;
  beforeEach(async () => {
    const store = await openTestStore(kind, registry, extractor);
    repo = makeRepository({ store, registry, extractor, validator });
    id = (await repo.create(ctx, base)).resource.id ?? '';
  });

  const base: Patient = {
    resourceType: 'Patient',
    active: true,
    name: [{ family: 'A', given: ['x', 'y'] }, { family: 'B' }],
    identifier: [{ system: 's', value: '1' }],
    birthDate: '1970-01-01',
  };

  const op = (type: string, path: string, parts: ParametersParameter[] = []): ParametersParameter => ({
    name: 'operation',
    part: [{ name: 'type', valueCode: type }, { name: 'path', valueString: path }, ...parts],
  });
  const params = (...ops: ParametersParameter[]): Parameters => ({ resourceType: 'Parameters', parameter: ops });

  describe('JSON Patch', () => {
    it('applies operations and makes a new version', async () => {
      const r = await repo.patch(ctx, 'Patient', id, {
        kind: 'json-patch',
        operations: [
          { op: 'test', path: '/active', value: true },
          { op: 'replace', path: '/active', value: false },
          { op: 'add', path: '/name/0/given/-', value: 'z' },
          { op: 'remove', path: '/birthDate' },
        ],
      });
      const p = r.resource as Patient;
      expect(p.active).toBe(false);
      expect(p.name?.[0]?.given).toEqual(['x', 'y', 'z']);
      expect(p.birthDate).toBeUndefined();
      expect(p.meta?.versionId).toBe('2');
    });

    it.each([
      ['failed test → 422', [{ op: 'test', path: '/active', value: false }], 'unprocessable'],
      ['not an array → 400', { op: 'add' }, 'invalid'],
      ['bad path → 400', [{ op: 'replace', path: '/nope/0', value: 1 }], 'invalid'],
      ['changing the id → 422', [{ op: 'replace', path: '/id', value: 'other' }], 'unprocessable'],
      ['invalid result → 400', [{ op: 'add', path: '/birthDate', value: 'soon' }], 'invalid'],
    ])('%s', async (_name, operations, category) => {
      expect((await outcomeOf(repo.patch(ctx, 'Patient', id, { kind: 'json-patch', operations }))).category).toBe(category);
    });

    it('If-Match applies; missing resource → 404', async () => {
      const ops = { kind: 'json-patch' as const, operations: [{ op: 'remove', path: '/active' }] };
      expect((await outcomeOf(repo.patch(ctx, 'Patient', id, ops, { ifMatch: 3 }))).category).toBe('precondition-failed');
      expect((await outcomeOf(repo.patch(ctx, 'Patient', 'missing', ops))).category).toBe('not-found');
    });
  });

  describe('FHIRPath Patch', () => {
    it.each([
      ['add a single element', params(op('add', 'Patient', [{ name: 'name', valueString: 'gender' }, { name: 'value', valueCode: 'male' }])), (p: Patient) => expect(p.gender).toBe('male')],
      ['add to a list', params(op('add', 'Patient', [{ name: 'name', valueString: 'identifier' }, { name: 'value', valueIdentifier: { system: 's', value: '2' } }])), (p: Patient) => expect(p.identifier?.map((i) => i.value)).toEqual(['1', '2'])],
      ['add a repeating element that was absent', params(op('add', 'Patient', [{ name: 'name', valueString: 'telecom' }, { name: 'value', valueContactPoint: { system: 'phone', value: '1' } }])), (p: Patient) => expect(p.telecom).toEqual([{ system: 'phone', value: '1' }])],
      ['insert at an index', params(op('insert', 'Patient.name[0].given', [{ name: 'index', valueInteger: 0 }, { name: 'value', valueString: 'w' }])), (p: Patient) => expect(p.name?.[0]?.given).toEqual(['w', 'x', 'y'])],
      ['delete a list item', params(op('delete', 'Patient.name[1]')), (p: Patient) => expect(p.name?.map((n) => n.family)).toEqual(['A'])],
      ['delete a single element', params(op('delete', 'Patient.birthDate')), (p: Patient) => expect(p.birthDate).toBeUndefined()],
      ['delete with where()', params(op('delete', "Patient.name.where(family = 'B')")), (p: Patient) => expect(p.name).toHaveLength(1)],
      ['delete of nothing is a no-op', params(op('delete', 'Patient.gender')), (p: Patient) => expect(p.name).toHaveLength(2)],
      ['replace a primitive', params(op('replace', 'Patient.birthDate', [{ name: 'value', valueDate: '1980-02-02' }])), (p: Patient) => expect(p.birthDate).toBe('1980-02-02')],
      ['replace a list item', params(op('replace', 'Patient.name[0].given[1]', [{ name: 'value', valueString: 'q' }])), (p: Patient) => expect(p.name?.[0]?.given).toEqual(['x', 'q'])],
      ['move within a list', params(op('move', 'Patient.name', [{ name: 'source', valueInteger: 1 }, { name: 'destination', valueInteger: 0 }])), (p: Patient) => expect(p.name?.map((n) => n.family)).toEqual(['B', 'A'])],
      ['add a backbone element from parts', params(op('add', 'Patient', [{ name: 'name', valueString: 'contact' }, { name: 'value', part: [{ name: 'gender', valueCode: 'female' }] }])), (p: Patient) => expect(p.contact).toEqual([{ gender: 'female' }])],
    ])('%s', (_name, patch, check) => {
      check(applyFhirPathPatch(base, patch) as Patient);
    });

    it('does not modify its input', () => {
      applyFhirPathPatch(base, params(op('delete', 'Patient.birthDate')));
      expect(base.birthDate).toBe('1970-01-01');
    });

    it.each([
      ['unknown type', params(op('frobnicate', 'Patient')), 'invalid'],
      ['ambiguous path', params(op('replace', 'Patient.name', [{ name: 'value', valueHumanName: { family: 'Z' } }])), 'unprocessable'],
      ['missing value', params(op('replace', 'Patient.birthDate')), 'invalid'],
      ['bad FHIRPath', params(op('delete', 'Patient.(((')), 'invalid'],
    ])('rejects %s', async (_name, patch, category) => {
      expect((await outcomeOf(repo.patch(ctx, 'Patient', id, { kind: 'fhirpath-patch', parameters: patch }))).category).toBe(category);
    });

    it('is applied through the repository with a new version', async () => {
      const r = await repo.patch(ctx, 'Patient', id, { kind: 'fhirpath-patch', parameters: params(op('replace', 'Patient.active', [{ name: 'value', valueBoolean: false }])) });
      expect((r.resource as Patient).active).toBe(false);
      expect(r.resource.meta?.versionId).toBe('2');
    });
  });
});
