import { describe, it, expect } from 'vitest';
import { entryPermission } from './transaction.js';

describe('entryPermission', () => {
  it.each([
    ['GET', 'Patient/1', 'Patient', 'r'],
    ['GET', 'Patient/1/_history/2', 'Patient', 'r'],
    ['GET', 'Patient/_history', 'Patient', 'r'],
    ['GET', 'Patient?name=x', 'Patient', 's'],
    ['GET', 'Patient', 'Patient', 's'],
    ['GET', 'Patient/1/Observation', 'Observation', 's'],
    ['GET', '_history', '*', 'r'],
    ['GET', '?_type=Patient', '*', 's'],
    ['POST', 'Observation', 'Observation', 'c'],
    ['POST', 'Observation/_search', 'Observation', 's'],
    ['PUT', 'Observation/1', 'Observation', 'u'],
    ['PUT', 'Observation?identifier=a|b', 'Observation', 'u'],
    ['PATCH', 'Observation/1', 'Observation', 'u'],
    ['DELETE', 'Observation/1', 'Observation', 'd'],
    ['DELETE', 'http://elsewhere/x', '*', 'd'],
    ['TRACE', 'Patient', '*', 'd'],
    [undefined, undefined, '*', 'd'],
  ])('%s %s → %s %s', (method, url, type, permission) => {
    expect(entryPermission(method, url)).toEqual({ type, permission });
  });
});
