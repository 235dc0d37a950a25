import { describe, it, expect } from 'vitest';
import type { CodeSystem } from 'fhir/r4.js';
import { TerminologyContent, splitCanonical, type ContentLayer, type TermOf, type TermResource, type TermType } from './content-registry.js';
import { compareVersions } from './version-order.js';

const cs = (url: string, version?: string, name = 'x'): CodeSystem => ({
  resourceType: 'CodeSystem', url, status: 'active', content: 'complete', name, ...(version !== undefined && { version }),
});
/** A layer over a fixed list that counts its lookups. */
function layer(name: string, list: TermResource[]): ContentLayer & { finds: number } {
  return {
    name, finds: 0,
    find<T extends TermType>(type: T, url: string): readonly TermOf<T>[] {
      this.finds++;
      return list.filter((r): r is TermOf<T> => r.resourceType === type && r.url === url);
    },
    all<T extends TermType>(type: T): readonly TermOf<T>[] {
      return list.filter((r): r is TermOf<T> => r.resourceType === type);
    },
  };
}

describe('compareVersions', () => {
  it.each([
    ['1.10.0', '1.9.0', 1], ['2.0.0', '2.0.0', 0], ['3.0.0', '2.9', 1], ['1.0', '1.0.1', -1],
    ['2020-01', '2019-12', 1], [undefined, '1', -1], ['1.0.0-ballot', '1.0.0', 1], ['a', 'b', -1],
  ])('%s vs %s', (a, b, sign) => {
    expect(Math.sign(compareVersions(a, b))).toBe(sign);
  });
});

describe('TerminologyContent', () => {
  it('splits url|version', () => {
    expect(splitCanonical('http://x|2')).toEqual({ url: 'http://x', version: '2' });
    expect(splitCanonical('http://x')).toEqual({ url: 'http://x', version: undefined });
  });

  it('picks the latest version, or the asked one (as a parameter or url|version)', () => {
    const c = new TerminologyContent();
    c.put(cs('http://x', '1.10.0', 'new'));
    c.put(cs('http://x', '1.9.0', 'old'));
    expect(c.resolve('CodeSystem', 'http://x')?.name).toBe('new');
    expect(c.resolve('CodeSystem', 'http://x|1.9.0')?.name).toBe('old');
    expect(c.resolve('CodeSystem', 'http://x', '1.9.0')?.name).toBe('old');
    expect(c.resolve('CodeSystem', 'http://x', '7')).toBeUndefined();
    expect(c.resolve('ValueSet', 'http://x')).toBeUndefined();
  });

  it('replaces the same url|version, removes, and bumps the generation on each edit', () => {
    const c = new TerminologyContent();
    const g0 = c.generation;
    c.put(cs('http://x', '1', 'a'));
    c.put(cs('http://x', '1', 'b'));
    expect(c.resolve('CodeSystem', 'http://x')?.name).toBe('b');
    expect(c.all('CodeSystem')).toHaveLength(1);
    expect(c.remove('CodeSystem', 'http://x', '2')).toBe(false);
    expect(c.remove('CodeSystem', 'http://x')).toBe(true);
    expect(c.resolve('CodeSystem', 'http://x')).toBeUndefined();
    expect(c.generation).toBe(g0 + 3);
    expect(c.put({ resourceType: 'CodeSystem', status: 'active', content: 'complete' })).toBe(false);
  });

  it('lets edits and higher layers hide lower layers, and asks lower layers only on a miss', () => {
    const high = layer('high', [cs('http://a', '1', 'high-a')]);
    const low = layer('low', [cs('http://a', '9', 'low-a'), cs('http://b', '1', 'low-b')]);
    const c = new TerminologyContent([high, low]);
    expect(c.resolve('CodeSystem', 'http://a')?.name).toBe('high-a');
    expect(low.finds).toBe(0);
    expect(c.resolve('CodeSystem', 'http://a', '9')?.name).toBe('low-a');
    expect(c.resolve('CodeSystem', 'http://b')?.name).toBe('low-b');
    c.put(cs('http://b', '0', 'edit-b'));
    expect(c.resolve('CodeSystem', 'http://b')?.name).toBe('edit-b');
    expect(c.all('CodeSystem').map((r) => r.name)).toEqual(['edit-b', 'high-a']);
  });
});
