import { describe, it, expect } from 'vitest';
import { hashSecret, verifySecret } from './secret-hash.js';

describe('secret hashing', () => {
  it('verifies the right secret and rejects others', async () => {
    const h = await hashSecret('correct horse');
    expect(h.startsWith('scrypt$')).toBe(true);
    expect(await verifySecret('correct horse', h)).toBe(true);
    expect(await verifySecret('correct horsE', h)).toBe(false);
  });

  it('salts each hash', async () => {
    expect(await hashSecret('same')).not.toBe(await hashSecret('same'));
  });

  it.each(['', 'plain', 'scrypt$1$2$3', 'bcrypt$16384$8$1$aa$bb', 'scrypt$99999999$8$1$aa$bb', 'scrypt$16384$8$1$aa$short'])(
    'treats malformed hash %j as a mismatch',
    async (stored) => {
      expect(await verifySecret('x', stored)).toBe(false);
    },
  );
});
