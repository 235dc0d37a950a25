import { describe, it, expect } from 'vitest';
import type { ValueSet } from 'fhir/r4.js';
import { createSchemaValidator } from '../schema-validator.js';
import { createProfileValidator, loadProfileDefinitions } from './profile-validator.js';
import { codeValidatorFromTerminology } from './terminology-codes.js';
import { fixtureCodeValidator, PROFILES_DIR, US_CORE, usCorePatient } from './test-support/us-core-fixtures.js';
import { claimedProfiles, withProfiles } from './with-profiles.js';

const profiles = createProfileValidator({ profiles: loadProfileDefinitions(PROFILES_DIR), validateCode: fixtureCodeValidator });
const validator = withProfiles(createSchemaValidator(), profiles);

describe('withProfiles', () => {
  it('validates against the claimed profile', () => {
    const p = usCorePatient();
    delete p['gender'];
    expect(validator.validate(p)).toContainEqual(expect.objectContaining({ severity: 'error', expression: ['Patient.gender'] }));
  });

  it('does not apply a profile the resource does not claim', () => {
    const p = usCorePatient();
    delete p['gender'];
    delete p['meta'];
    expect(validator.validate(p).filter((i) => i.severity === 'error')).toEqual([]);
  });

  it('warns about an unknown claimed profile and does not reject', () => {
    const issues = validator.validate({ resourceType: 'Patient', meta: { profile: ['http://example.org/p'] } });
    expect(issues).toEqual([expect.objectContaining({ severity: 'warning', code: 'not-supported' })]);
  });

  it('reports schema errors alone (profiles are checked on well-formed resources)', () => {
    const issues = validator.validate({ resourceType: 'Patient', meta: { profile: [`${US_CORE}/us-core-patient`] }, gender: 7 });
    expect(issues.length).toBeGreaterThan(0);
    expect(issues.some((i) => i.diagnostics?.includes('us-core-patient'))).toBe(false);
  });

  it.each([
    [{ meta: { profile: ['a', 3, 'b'] } }, ['a', 'b']],
    [{ meta: {} }, []],
    ['x', []],
  ])('claimedProfiles(%j)', (r, expected) => {
    expect(claimedProfiles(r)).toEqual(expected);
  });
});

describe('codeValidatorFromTerminology', () => {
  const gender: ValueSet = { resourceType: 'ValueSet', status: 'active', url: 'http://hl7.org/fhir/ValueSet/administrative-gender', compose: { include: [{ system: 'http://hl7.org/fhir/administrative-gender' }] } };
  const asked: unknown[] = [];
  const validate = codeValidatorFromTerminology({
    content: { resolve: (_t, canonical) => (canonical === gender.url ? gender : undefined) },
    validateInValueSetNow: (req) => {
      asked.push(req);
      return { result: req.codings.some((c) => c.system === 'http://hl7.org/fhir/administrative-gender' && c.code === 'female'), issues: [] };
    },
  });

  it('tries a system-less code in the systems the value set includes', () => {
    expect(validate(gender.url ?? '', { code: 'female' })).toBe(true);
    expect(validate(gender.url ?? '', { code: 'f' })).toBe(false);
    expect(asked[0]).toMatchObject({ codings: [{ system: 'http://hl7.org/fhir/administrative-gender', code: 'female' }] });
  });

  it('caches answers until the terminology content changes', () => {
    let members = ['a'];
    const content = { generation: 1, resolve: () => gender };
    const v = codeValidatorFromTerminology({ content, validateInValueSetNow: (req) => ({ result: req.codings.some((c) => members.includes(c.code)), issues: [] }) });
    expect(v(gender.url ?? '', { code: 'b' })).toBe(false);
    members = ['b'];
    expect(v(gender.url ?? '', { code: 'b' })).toBe(false); // cached
    content.generation = 2;
    expect(v(gender.url ?? '', { code: 'b' })).toBe(true);
  });

  it('falls back from a pinned version to the loaded value set, and answers undefined for an unknown one', () => {
    expect(validate(`${gender.url ?? ''}|4.0.1`, { system: 'http://hl7.org/fhir/administrative-gender', code: 'female' })).toBe(true);
    expect(validate('http://example.org/vs', { code: 'x' })).toBeUndefined();
  });
});
