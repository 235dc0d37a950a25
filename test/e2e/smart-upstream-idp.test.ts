/**
 * Login through an upstream OpenID Connect provider (OIDC_ISSUER_URL): a real local OpenID Provider
 * (discovery, authorize, token with PKCE check, RS256 ID tokens with nonce and fhirUser) and the
 * assembled gateway on real ports; the browser is fetch with a cookie jar.
 */
import { createHash, randomBytes } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { decodeJwt, exportJWK, generateKeyPair, SignJWT, type CryptoKey, type JWK } from 'jose';
import { Browser } from './support/smart-browser.js';
import { hiddenFields, pkce } from './support/smart-flow.js';
import { startSmartGateway, type SmartGateway } from './support/smart-gateway.js';

const IDP_CLIENT = 'gateway-at-idp';
const IDP_SECRET = 'idp-secret-123';
let idp: Server;
let idpUrl: string;
let g: SmartGateway;
let base: string;
let idpKey: { privateKey: CryptoKey; jwk: JWK };
/** What the IdP issues next: the fhirUser claim (undefined: none). */
let nextFhirUser: string | undefined = 'Practitioner/ext-9';
const codes = new Map<string, { nonce: string; challenge: string }>();

function startIdp(): Promise<void> {
  idp = createServer((req, res) => {
    const url = new URL(req.url ?? '/', idpUrl);
    const json = (status: number, body: unknown): void => {
      res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body));
    };
    if (url.pathname === '/.well-known/openid-configuration') {
      json(200, {
        issuer: idpUrl, authorization_endpoint: `${idpUrl}/authorize`, token_endpoint: `${idpUrl}/token`, jwks_uri: `${idpUrl}/jwks`,
        response_types_supported: ['code'], subject_types_supported: ['public'], id_token_signing_alg_values_supported: ['RS256'],
        code_challenge_methods_supported: ['S256'], token_endpoint_auth_methods_supported: ['client_secret_basic'],
      });
    } else if (url.pathname === '/jwks') {
      json(200, { keys: [idpKey.jwk] });
    } else if (url.pathname === '/authorize') {
      // Signs the user in at once (the IdP's own login is not under test).
      const code = randomBytes(16).toString('hex');
      codes.set(code, { nonce: url.searchParams.get('nonce') ?? '', challenge: url.searchParams.get('code_challenge') ?? '' });
      const back = new URL(url.searchParams.get('redirect_uri') ?? '');
      back.searchParams.set('code', code);
      back.searchParams.set('state', url.searchParams.get('state') ?? '');
      res.writeHead(302, { location: back.href }).end();
    } else if (url.pathname === '/token') {
      let body = '';
      req.on('data', (c: Buffer) => (body += c.toString()));
      req.on('end', () => {
        const form = new URLSearchParams(body);
        const c = codes.get(form.get('code') ?? '');
        // RFC 6749 §2.3.1: id and secret are form-urlencoded before base64 (openid-client encodes '-').
        const decoded = Buffer.from((req.headers.authorization ?? '').replace(/^Basic /, ''), 'base64').toString().split(':').map(decodeURIComponent);
        const basicOk = decoded[0] === IDP_CLIENT && decoded[1] === IDP_SECRET;
        const verifierOk = c !== undefined && createHash('sha256').update(form.get('code_verifier') ?? '').digest('base64url') === c.challenge;
        if (!basicOk || !verifierOk || c === undefined) {
          json(400, { error: 'invalid_grant' });
          return;
        }
        codes.delete(form.get('code') ?? '');
        void new SignJWT({ nonce: c.nonce, ...(nextFhirUser !== undefined && { fhirUser: nextFhirUser }) })
          .setProtectedHeader({ alg: 'RS256', kid: idpKey.jwk.kid ?? '' })
          .setIssuer(idpUrl).setSubject('u-42').setAudience(IDP_CLIENT).setIssuedAt().setExpirationTime('5m')
          .sign(idpKey.privateKey)
          .then((idToken) => json(200, { access_token: 'idp-at', token_type: 'Bearer', expires_in: 60, id_token: idToken }));
      });
    } else if (url.pathname === '/app-callback') {
      res.writeHead(200, { 'content-type': 'text/plain' }).end('app');
    } else {
      res.writeHead(404).end();
    }
  });
  return new Promise((ok) => idp.listen(0, '127.0.0.1', ok));
}

beforeAll(async () => {
  const { privateKey, publicKey } = await generateKeyPair('RS256');
  idpKey = { privateKey, jwk: { ...(await exportJWK(publicKey)), alg: 'RS256', kid: 'idp-1', use: 'sig' } };
  idpUrl = 'http://127.0.0.1:0';
  await startIdp();
  idpUrl = `http://127.0.0.1:${(idp.address() as AddressInfo).port}`;
  g = await startSmartGateway('upstream', { OIDC_ISSUER_URL: idpUrl, OIDC_CLIENT_ID: IDP_CLIENT, OIDC_CLIENT_SECRET: IDP_SECRET });
  base = g.base;
}, 60_000);

afterAll(async () => {
  await g.close();
  await new Promise<void>((ok) => idp.close(() => ok()));
});

async function startAuthorization(browser: Browser, clientId: string, challenge: string) {
  const q = new URLSearchParams({
    response_type: 'code', client_id: clientId, redirect_uri: `${idpUrl}/app-callback`, scope: 'openid fhirUser user/*.rs', state: 'st',
    aud: `${base}/fhir`, code_challenge: challenge, code_challenge_method: 'S256',
  });
  const login = await browser.get(`${base}/oauth2/authorize?${q.toString()}`);
  expect(login.text).toContain('Sign in with 127.0.0.1');
  // The first form of the login page is the single sign-on one.
  return browser.post('interact', login.url, new URLSearchParams(hiddenFields(login.text)));
}

describe('upstream OpenID Connect login', () => {
  it('signs the user in at the IdP and issues tokens for the asserted fhirUser', async () => {
    const { client_id: clientId } = await g.register({ redirect_uris: [`${idpUrl}/app-callback`], token_endpoint_auth_method: 'none', scope: 'openid fhirUser user/*.rs' });
    const browser = new Browser();
    const { verifier, challenge } = pkce();
    const consent = await startAuthorization(browser, clientId, challenge);
    expect(consent.text).toContain('Allow access?');
    expect(consent.text).toContain('Practitioner/ext-9');
    const done = await browser.authorizeThrough(consent, ['', '']);
    expect(done.url.pathname).toBe('/app-callback');
    const code = done.url.searchParams.get('code') ?? '';
    const tok = await fetch(`${g.gw.url}/oauth2/token`, {
      method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ grant_type: 'authorization_code', code, code_verifier: verifier, redirect_uri: `${idpUrl}/app-callback`, client_id: clientId }).toString(),
    });
    expect(tok.status).toBe(200);
    const body = (await tok.json()) as { id_token: string };
    expect(decodeJwt(body.id_token)).toMatchObject({ fhirUser: `${base}/fhir/Practitioner/ext-9` });

    // Without a fhirUser claim the sign-in is refused and the login page is shown again.
    nextFhirUser = undefined;
    const refused = await startAuthorization(new Browser(), clientId, pkce().challenge);
    expect(refused.status).toBe(401);
    expect(refused.text).toContain('did not assert a fhirUser claim');
    nextFhirUser = 'Practitioner/ext-9';
  });
});
