import { describe, it, expect } from 'vitest';
import { parseScopes, type Permission } from '../scopes.js';
import { compilePolicy, type PolicySource } from './access-policy.js';
import { policyOf } from './policy-cache.js';
import { RequestAccess } from './request-access.js';

const token = (scope: string, extra: Partial<PolicySource> = {}): PolicySource => ({ scopes: parseScopes(scope), ...extra });

type Row = [scope: string, claims: Partial<PolicySource>, type: string, permission: Permission, expected: 'deny' | { compartment?: string; constraints?: string[] }];

describe('AccessPolicy.decide', () => {
  it.each<Row>([
    // v1
    ['system/*.*', {}, 'Observation', 'd', {}],
    ['system/Patient.read', {}, 'Patient', 'r', {}],
    ['system/Patient.read', {}, 'Patient', 's', {}],
    ['system/Patient.read', {}, 'Patient', 'c', 'deny'],
    ['system/Patient.read', {}, 'Observation', 'r', 'deny'],
    ['user/*.write', {}, 'Condition', 'u', {}],
    ['user/*.write', {}, 'Condition', 'r', 'deny'],
    ['patient/Observation.read', { patient: 'p1' }, 'Observation', 'r', { compartment: 'Patient/p1' }],
    ['patient/Observation.read', {}, 'Observation', 'r', 'deny'],
    // v2 letters
    ['patient/Observation.rs', { patient: 'p1' }, 'Observation', 's', { compartment: 'Patient/p1' }],
    ['patient/Observation.rs', { patient: 'p1' }, 'Observation', 'c', 'deny'],
    ['user/Encounter.cud', {}, 'Encounter', 'c', {}],
    ['user/Encounter.cud', {}, 'Encounter', 'r', 'deny'],
    // wildcard asks
    ['user/Observation.rs', {}, '*', 's', 'deny'],
    ['user/*.rs', {}, '*', 's', {}],
    // user/ acting for fhirUser
    ['user/*.rs', { fhirUser: 'Patient/p2' }, 'Observation', 'r', { compartment: 'Patient/p2' }],
    ['user/*.rs', { fhirUser: 'Practitioner/d1' }, 'Observation', 'r', {}],
    // granular
    ['patient/Observation.rs?category=laboratory', { patient: 'p1' }, 'Observation', 's', { compartment: 'Patient/p1', constraints: ['category=laboratory'] }],
    ['patient/Observation.rs?category=laboratory patient/Observation.rs?category=vital-signs', { patient: 'p1' }, 'Observation', 'r',
      { compartment: 'Patient/p1', constraints: ['category=laboratory', 'category=vital-signs'] }],
    // the widest single scope wins
    ['patient/Observation.rs?category=laboratory patient/Observation.rs', { patient: 'p1' }, 'Observation', 'r', { compartment: 'Patient/p1' }],
    ['patient/*.rs system/Observation.rs', { patient: 'p1' }, 'Observation', 'r', {}],
    ['patient/*.rs system/Observation.rs', { patient: 'p1' }, 'Condition', 'r', { compartment: 'Patient/p1' }],
    // types outside the compartment definition
    ['patient/*.rs', { patient: 'p1' }, 'Binary', 'r', 'deny'],
    ['system/*.rs', {}, 'Binary', 'r', {}],
    ['patient/*.rs', { patient: 'p1' }, 'Medication', 'r', { compartment: 'Patient/p1' }],
    ['patient/*.rs', { patient: 'p1' }, 'Device', 's', { compartment: 'Patient/p1', constraints: ['patient=Patient/p1'] }],
    ['patient/Device.rs?type=x', { patient: 'p1' }, 'Device', 's', { compartment: 'Patient/p1', constraints: ['type=x&patient=Patient/p1'] }],
  ])('%s %o: %s.%s', (scope, claims, type, permission, expected) => {
    const d = compilePolicy(token(scope, claims)).decide(type, permission);
    if (expected === 'deny') {
      expect(d.allowed).toBe(false);
      return;
    }
    expect(d).toEqual({ allowed: true, compartment: expected.compartment, constraints: expected.constraints?.map((c) => new URLSearchParams(c)) });
  });

  it('is compiled once per token object', () => {
    const t = token('patient/*.rs', { patient: 'p1' });
    expect(policyOf(t)).toBe(policyOf(t));
    expect(policyOf(t)).not.toBe(policyOf(token('patient/*.rs', { patient: 'p1' })));
  });
});

describe('RequestAccess', () => {
  it('confines a request when any decision is confined, and refuses two compartments', () => {
    const access = new RequestAccess(compilePolicy(token('patient/Observation.rs user/Condition.rs', { patient: 'p1', fhirUser: 'Patient/p9' })));
    expect(access.check('Observation', 's').allowed).toBe(true);
    expect(access.compartment).toBe('Patient/p1');
    expect(access.check('Condition', 'r').allowed).toBe(false);
  });

  it('before any decision, a confined token is confined anyway', () => {
    expect(new RequestAccess(compilePolicy(token('patient/*.rs', { patient: 'p1' }))).compartment).toBe('Patient/p1');
    expect(new RequestAccess(compilePolicy(token('system/*.rs'))).compartment).toBeUndefined();
  });
});
