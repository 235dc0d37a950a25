import { mkdtemp, readFile, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it, expect } from 'vitest';
import { OAuthError } from './oauth-error.js';
import { UserStore } from './user-store.js';
import { LaunchContexts } from './launch-contexts.js';

describe('UserStore', () => {
  it('stores scrypt hashes (mode 0600), logs in, refuses bad input and taken names', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'lyfe-users-'));
    try {
      const path = join(dir, 'users.json');
      const users = new UserStore(path, () => new Date('2030-01-01T00:00:00Z'));
      const u = await users.create({ username: 'dr.who', password: 'tardis-1963', fhirUser: 'Practitioner/1' });
      expect((await stat(path)).mode & 0o777).toBe(0o600);
      const text = await readFile(path, 'utf8');
      expect(text).not.toContain('tardis-1963');
      expect(text).toContain('scrypt$');
      const reopened = new UserStore(path, () => new Date());
      expect(await reopened.login('dr.who', 'tardis-1963')).toMatchObject({ id: u.id, fhirUser: 'Practitioner/1' });
      expect(await reopened.login('dr.who', 'wrong-password')).toBeUndefined();
      expect(await reopened.login('nobody', 'tardis-1963')).toBeUndefined();
      for (const bad of [
        { username: 'dr.who', password: 'another-pass', fhirUser: 'Practitioner/2' },
        { username: 'x', password: 'short', fhirUser: 'Practitioner/2' },
        { username: 'y', password: 'long-enough', fhirUser: 'Observation/2' },
        { username: 'has space', password: 'long-enough', fhirUser: 'Patient/2' },
      ]) {
        await expect(reopened.create(bad)).rejects.toBeInstanceOf(OAuthError);
      }
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});

describe('LaunchContexts', () => {
  it('creates opaque, expiring launch ids', () => {
    let now = new Date('2030-01-01T00:00:00Z');
    const launches = new LaunchContexts(() => now);
    const { launch, context } = launches.create({ patient: 'Patient/p1', encounter: 'e1', fhirContext: [{ reference: 'Observation/o1', role: 'x' }] });
    expect(context).toEqual({ patient: 'p1', encounter: 'e1', fhirContext: [{ reference: 'Observation/o1', role: 'x' }] });
    expect(launch).not.toContain('p1');
    expect(launches.get(launch)).toEqual(context);
    now = new Date('2030-01-01T00:05:01Z');
    expect(launches.get(launch)).toBeUndefined();
    expect(() => launches.create({})).toThrow(OAuthError);
    expect(() => launches.create({ patient: 'p', fhirContext: [{}] })).toThrow(OAuthError);
  });
});
