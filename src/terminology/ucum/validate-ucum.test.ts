import { describe, expect, it } from 'vitest';
import { ucumLoadStats, validateUcum } from './validate-ucum.js';

describe('validateUcum', () => {
  it.each([
    ['mg/dL', true, 'milligram per deciliter'],
    ['kg/m2', true, 'kilogram per square meter'],
    ['10*3/uL', true, 'thousand per microliter'],
    ['/min', true, 'per minute'],
    ['Cel', true, 'degree Celsius'],
    ['{beats}/min', true, undefined],
    ['%', true, '%'],
    ['[in_i]', true, 'inch'],
    ['foo', false, undefined],
    ['mg/', false, undefined],
    ['', false, undefined],
    [' mg', false, undefined],
  ])('%j → valid %s', (code, valid, display) => {
    const v = validateUcum(code);
    expect(v.valid).toBe(valid);
    if (display !== undefined) expect(v.display).toBe(display);
    if (!valid) expect(v.message).toBeTruthy();
  });

  it('loads the library lazily and reports how long it took', () => {
    validateUcum('mmol/L');
    const stats = ucumLoadStats();
    expect(stats.loaded).toBe(true);
    expect(stats.loadMs).toBeGreaterThan(0);
  });
});
