import { describe, it, expect } from 'vitest';
import { consentChoices, consentedScopes, covers, grantUserScopes } from './scope-grant.js';
import { formatScope, parseScope, parseScopes } from './scopes.js';

const fmt = (s: ReturnType<typeof parseScopes>): string => s.map(formatScope).join(' ');

describe('grantUserScopes', () => {
  it.each([
    ['patient/*.rs', 'patient/*.rs', 'patient/*.rs'],
    ['patient/Observation.cruds', 'patient/*.rs', 'patient/Observation.rs'],
    ['patient/*.read', 'patient/Observation.rs', 'patient/Observation.read'],
    ['user/*.rs', 'patient/*.rs', ''],
    ['system/*.rs', 'system/*.rs', ''],
    ['openid fhirUser launch/patient offline_access', 'openid launch/patient', 'openid launch/patient'],
    ['patient/Observation.rs?category=laboratory', 'patient/*.rs', 'patient/Observation.rs?category=laboratory'],
    ['patient/Observation.rs', 'patient/Observation.rs?category=laboratory', 'patient/Observation.rs?category=laboratory'],
    ['patient/Observation.rs?category=vital-signs', 'patient/Observation.rs?category=laboratory', ''],
  ])('%s ∩ %s → %s', (requested, allowed, granted) => {
    expect(fmt(grantUserScopes(parseScopes(requested), parseScopes(allowed)))).toBe(granted);
  });
});

describe('covers (refresh narrowing)', () => {
  it.each([
    ['patient/*.rs', 'patient/Observation.rs', true],
    ['patient/*.rs', 'patient/Observation.r', true],
    ['patient/*.rs', 'patient/Observation.cruds', false],
    ['patient/*.rs', 'user/Observation.rs', false],
    ['patient/Observation.rs', 'patient/Observation.rs?category=laboratory', true],
    ['patient/Observation.rs?category=laboratory', 'patient/Observation.rs', false],
    ['offline_access', 'offline_access', true],
    ['openid', 'fhirUser', false],
  ])('%s covers %s: %s', (outer, inner, expected) => {
    const o = parseScope(outer);
    const i = parseScope(inner);
    if (!o || !i) throw new Error('parse');
    expect(covers(o, i)).toBe(expected);
  });
});

describe('consent', () => {
  it('offers category sub-scopes and keeps only what was offered', () => {
    const choices = consentChoices(parseScopes('launch/patient patient/Observation.rs patient/Patient.rs'));
    expect(choices.map((c) => c.scope)).toEqual(['launch/patient', 'patient/Observation.rs', 'patient/Patient.rs']);
    const lab = 'patient/Observation.rs?category=http://terminology.hl7.org/CodeSystem/observation-category|laboratory';
    expect(choices[1]?.subScopes).toContain(lab);
    expect(choices[2]?.subScopes).toEqual([]);
    expect(consentedScopes(choices, new Set(['patient/Observation.rs', lab, 'system/*.cruds']))).toEqual(['patient/Observation.rs']);
    expect(consentedScopes(choices, new Set([lab, 'patient/Patient.rs']))).toEqual([lab, 'patient/Patient.rs']);
    expect(consentedScopes(choices, new Set())).toEqual([]);
  });
});
