import { randomUUID } from 'node:crypto';
import { exportJWK, generateKeyPair, SignJWT, type CryptoKey, type JWK } from 'jose';
import { describe, expect, it } from 'vitest';
import type { OAuthClient } from '../ports/client-store.js';
import { ClientAssertionVerifier } from './client-assertion.js';
import { keyObjectOf, signCompact } from './fast-jws.js';
import { OAuthError } from './oauth-error.js';

const AUD = 'https://gw.example/oauth2/token';
const NOW = 1_800_000_000;
const clock = (): Date => new Date(NOW * 1000);

const es = await generateKeyPair('ES384');
const rs = await generateKeyPair('RS384');
const other = await generateKeyPair('ES384');
const es256 = await generateKeyPair('ES256');
const esJwk: JWK = { ...(await exportJWK(es.publicKey)), kid: 'e1', alg: 'ES384', use: 'sig' };
const rsJwk: JWK = { ...(await exportJWK(rs.publicKey)), kid: 'r1' };

function client(keys: JWK[], id = 'c1'): OAuthClient {
  return { clientId: id, jwks: { keys: keys as unknown as Record<string, unknown>[] } } as unknown as OAuthClient;
}

interface Opts {
  readonly alg?: string;
  readonly kid?: string | undefined;
  readonly key?: CryptoKey;
  readonly claims?: Record<string, unknown>;
  readonly header?: Record<string, unknown>;
}

function jwt(o: Opts = {}): Promise<string> {
  const alg = o.alg ?? 'ES384';
  const header = { alg, ...('kid' in o ? (o.kid === undefined ? {} : { kid: o.kid }) : { kid: 'e1' }), ...o.header };
  const all = { iss: 'c1', sub: 'c1', aud: AUD, exp: NOW + 240, jti: randomUUID(), ...o.claims };
  const claims = Object.fromEntries(Object.entries(all).filter(([, v]) => v !== undefined));
  const key = o.key ?? es.privateKey;
  // jose refuses to sign with `crit`; an attacker's token would have it anyway.
  if (o.header !== undefined) return signCompact('ES384', keyObjectOf(key), header, claims);
  return new SignJWT(claims).setProtectedHeader(header as { alg: string }).sign(key);
}

async function outcome(c: OAuthClient, token: string, v = new ClientAssertionVerifier(AUD, clock)): Promise<string> {
  try {
    await v.verify(c, token);
    return 'ok';
  } catch (e) {
    expect(e).toBeInstanceOf(OAuthError);
    return (e as OAuthError).message;
  }
}

describe('ClientAssertionVerifier (inline JWKS)', () => {
  const both = client([esJwk, rsJwk]);
  it.each<[string, () => Promise<string>, string | RegExp]>([
    ['ES384 with kid', () => jwt(), 'ok'],
    ['ES384 without kid', () => jwt({ kid: undefined }), 'ok'],
    ['RS384', () => jwt({ alg: 'RS384', kid: 'r1', key: rs.privateKey }), 'ok'],
    ['aud as an array holding ours', () => jwt({ claims: { aud: ['x', AUD] } }), 'ok'],
    ['wrong signing key', () => jwt({ key: other.privateKey }), /signature verification failed/],
    ['unknown kid', () => jwt({ kid: 'nope' }), /no applicable key/],
    ['ES256 is not allowed', () => jwt({ alg: 'ES256', key: es256.privateKey }), /alg/],
    ['RS384 header naming the EC key', () => jwt({ alg: 'RS384', kid: 'e1', key: rs.privateKey }), /no applicable key/],
    ['crit header', () => jwt({ header: { crit: ['exp'] } }), /crit|Extension Header Parameter/],
    ['header checked, control (same builder, no crit)', () => jwt({ header: {} }), 'ok'],
    ['wrong aud', () => jwt({ claims: { aud: 'https://gw.example/fhir' } }), /aud/],
    ['iss of another client', () => jwt({ claims: { iss: 'c2' } }), /iss/],
    ['sub differs', () => jwt({ claims: { sub: 'c2' } }), /sub/],
    ['expired', () => jwt({ claims: { exp: NOW - 1 } }), /exp/],
    ['exp exactly now', () => jwt({ claims: { exp: NOW } }), /exp/],
    ['exp not a number', () => jwt({ claims: { exp: String(NOW + 60) } }), /exp/],
    ['exp too far ahead', () => jwt({ claims: { exp: NOW + 600 } }), /5 minutes/],
    ['nbf in the future', () => jwt({ claims: { nbf: NOW + 30 } }), /nbf/],
    ['iat not a number', () => jwt({ claims: { iat: 'yesterday' } }), /iat/],
    ['no jti', () => jwt({ claims: { jti: undefined } }), /jti/],
    ['jti not a string', () => jwt({ claims: { jti: 42 } }), /jti/],
    ['no exp', () => jwt({ claims: { exp: undefined } }), /exp/],
  ])('%s', async (_name, make, expected) => {
    const got = await outcome(both, await make());
    if (typeof expected === 'string') expect(got).toBe(expected);
    else expect(got).toMatch(expected);
  });

  it('refuses a tampered payload and malformed tokens', async () => {
    const [h, , s] = (await jwt()).split('.');
    const forged = Buffer.from(JSON.stringify({ iss: 'c1', sub: 'c1', aud: AUD, exp: NOW + 60, jti: 'x' })).toString('base64url');
    expect(await outcome(both, `${h}.${forged}.${s}`)).toMatch(/signature/);
    expect(await outcome(both, 'a.b')).toMatch(/not valid/);
    expect(await outcome(both, `${h}.${forged}.`)).toMatch(/signature/);
  });

  it('refuses a replayed jti, per client', async () => {
    const v = new ClientAssertionVerifier(AUD, clock);
    const token = await jwt({ claims: { jti: 'same' } });
    expect(await outcome(both, token, v)).toBe('ok');
    expect(await outcome(both, token, v)).toMatch(/already used/);
  });

  it('follows a change of the registered keys', async () => {
    const v = new ClientAssertionVerifier(AUD, clock);
    expect(await outcome(client([esJwk]), await jwt(), v)).toBe('ok');
    const rotated: JWK = { ...(await exportJWK(other.publicKey)), kid: 'e1' };
    expect(await outcome(client([rotated]), await jwt(), v)).toMatch(/signature/);
    expect(await outcome(client([rotated]), await jwt({ key: other.privateKey }), v)).toBe('ok');
  });

  it('ignores keys whose use or key_ops exclude signature checks', async () => {
    expect(await outcome(client([{ ...esJwk, use: 'enc' }]), await jwt())).toMatch(/no applicable key/);
    expect(await outcome(client([{ ...esJwk, key_ops: ['encrypt'] }]), await jwt())).toMatch(/no applicable key/);
  });
  it('tries every matching key when several match (no kid), as jose does', async () => {
    const noKid = (j: JWK): JWK => Object.fromEntries(Object.entries(j).filter(([k]) => k !== 'kid')) as JWK;
    const second: JWK = { ...(await exportJWK(other.publicKey)), alg: 'ES384' };
    const two = client([noKid(esJwk), second]);
    expect(await outcome(two, await jwt({ kid: undefined, key: other.privateKey }))).toBe('ok');
    expect(await outcome(two, await jwt({ kid: undefined }))).toBe('ok');
    expect(await outcome(two, await jwt({ kid: undefined, key: (await generateKeyPair('ES384')).privateKey }))).toMatch(/signature/);
  });

  it('refuses the b64 header (unencoded payloads)', async () => {
    expect(await outcome(client([esJwk]), await jwt({ header: { b64: false } }))).toMatch(/b64/);
  });
});
