import { describe, it, expect } from 'vitest';
import { allows, formatScope, grantScopes, hasScope, parseScope, parseScopes, type Permission } from './scopes.js';

describe('parseScope', () => {
  it.each([
    ['system/*.read', 'system/*.read'],
    ['system/Patient.write', 'system/Patient.write'],
    ['system/*.*', 'system/*.*'],
    ['system/*.cruds', 'system/*.cruds'],
    ['system/Observation.rs', 'system/Observation.rs'],
    ['user/Patient.r', 'user/Patient.r'],
    ['patient/Observation.rs?category=laboratory', 'patient/Observation.rs?category=laboratory'],
    ['admin', 'admin'],
    ['launch/patient', 'launch/patient'],
    ['system/Observation.sr', undefined], // out of order
    ['system/Observation.rr', undefined], // repeated
    ['system/Observation.x', undefined],
    ['system/observation.rs', undefined], // lower-case type
    ['system/*.', undefined],
    ['other/*.rs', undefined],
  ])('%s → %s', (input, formatted) => {
    const s = parseScope(input);
    expect(s === undefined ? undefined : formatScope(s)).toBe(formatted);
  });

  it('drops unparseable tokens from a scope string', () => {
    expect(parseScopes('  system/*.rs  bogus/x admin ').map(formatScope)).toEqual(['system/*.rs', 'admin']);
  });
});

describe('allows', () => {
  const cases: [string, string, Permission, boolean][] = [
    ['system/*.read', 'Patient', 'r', true],
    ['system/*.read', 'Patient', 's', true],
    ['system/*.read', 'Patient', 'c', false],
    ['system/Patient.write', 'Patient', 'c', true],
    ['system/Patient.write', 'Patient', 'u', true],
    ['system/Patient.write', 'Patient', 'd', true],
    ['system/Patient.write', 'Patient', 'r', false],
    ['system/Patient.write', 'Observation', 'c', false],
    ['system/*.*', 'Observation', 'd', true],
    ['system/*.cruds', 'Observation', 'u', true],
    ['system/Observation.rs', 'Observation', 's', true],
    ['system/Observation.rs', 'Observation', 'u', false],
    ['system/Observation.rs', '*', 's', false], // a typed scope does not cover system-wide access
    ['system/*.rs', '*', 's', true],
    ['patient/*.cruds', 'Patient', 'r', false], // patient scopes need compartment enforcement
    ['system/Observation.rs?category=laboratory', 'Observation', 'r', false],
    ['admin', 'Patient', 'r', false],
  ];
  it.each(cases)('%s on %s/%s → %s', (scope, type, perm, expected) => {
    expect(allows(parseScopes(scope), type, perm)).toBe(expected);
  });

  it('finds plain scopes', () => {
    expect(hasScope(parseScopes('system/*.rs admin'), 'admin')).toBe(true);
    expect(hasScope(parseScopes('system/*.rs'), 'admin')).toBe(false);
  });
});

describe('grantScopes', () => {
  it.each([
    ['system/*.cruds admin', 'system/*.cruds admin', 'system/*.cruds admin'],
    ['system/Patient.rs', 'system/*.cruds', 'system/Patient.rs'],
    ['system/*.*', 'system/*.rs', 'system/*.read'],
    ['system/*.cruds', 'system/Observation.read', 'system/Observation.rs'],
    ['system/Patient.write', 'system/*.rs', ''],
    ['admin', 'system/*.cruds', ''],
    ['patient/*.rs', 'system/*.cruds', ''],
    ['system/Observation.rs?category=x', 'system/*.cruds', ''],
    ['system/*.rs system/*.read', 'system/*.cruds', 'system/*.rs system/*.read'],
    ['system/Patient.rs system/Patient.rs', 'system/*.cruds', 'system/Patient.rs'],
  ])('requested %s, allowed %s → %s', (requested, allowed, granted) => {
    expect(grantScopes(parseScopes(requested), parseScopes(allowed)).map(formatScope).join(' ')).toBe(granted);
  });
});
