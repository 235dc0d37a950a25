/**
 * A used client-assertion `jti` stays used across a restart of the gateway (SMART Backend Services:
 * "the authorization server SHALL … reject … a jti value that has already been used"): the journal in
 * DATA_DIR/assertion-jti.log is reloaded at boot. https://hl7.org/fhir/smart-app-launch/backend-services.html
 */
import { randomUUID } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { exportJWK, generateKeyPair, SignJWT } from 'jose';
import { afterAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config/config.js';
import { silentLogger } from '../../src/log/logger.js';
import { startGateway, type RunningGateway } from '../../src/main.js';
import { clientCredentialsToken } from './support/smart-gateway.js';

const PUBLIC = 'http://gateway.example';
const dirs: string[] = [];
afterAll(async () => {
  for (const d of dirs) await rm(d, { recursive: true, force: true });
});

function start(dataDir: string): Promise<RunningGateway> {
  return startGateway(loadConfig({
    PORT: '0', MLLP_PORT: '0', HOST: '127.0.0.1', DATA_DIR: dataDir, PUBLIC_BASE_URL: PUBLIC,
    BOOTSTRAP_CLIENT_ID: 'jti-admin', BOOTSTRAP_CLIENT_SECRET: 'jti-admin-secret-0123456789',
  }), silentLogger());
}

async function token(gw: RunningGateway, clientId: string, assertion: string): Promise<{ status: number; body: Record<string, unknown> }> {
  const res = await fetch(`${gw.url}/oauth2/token`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({
      grant_type: 'client_credentials', scope: 'system/Patient.rs',
      client_assertion_type: 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer', client_assertion: assertion,
    }).toString(),
  });
  return { status: res.status, body: (await res.json()) as Record<string, unknown> };
}

describe('client assertion jti across a restart', () => {
  it('refuses a jti used before the restart and accepts a fresh one', async () => {
    const dataDir = await mkdtemp(join(tmpdir(), 'lyfe-jti-'));
    dirs.push(dataDir);
    const { privateKey, publicKey } = await generateKeyPair('ES384', { extractable: true });
    let gw = await start(dataDir);
    const admin = await clientCredentialsToken(gw.url, 'jti-admin', 'jti-admin-secret-0123456789');
    const reg = await fetch(`${gw.url}/oauth2/register`, {
      method: 'POST',
      headers: { authorization: `Bearer ${admin}`, 'content-type': 'application/json' },
      body: JSON.stringify({
        grant_types: ['client_credentials'], token_endpoint_auth_method: 'private_key_jwt', scope: 'system/Patient.rs',
        jwks: { keys: [{ ...(await exportJWK(publicKey)), alg: 'ES384', kid: 'k1' }] },
      }),
    });
    expect(reg.status).toBe(201);
    const clientId = ((await reg.json()) as { client_id: string }).client_id;
    const sign = (jti: string): Promise<string> => new SignJWT({})
      .setProtectedHeader({ alg: 'ES384', kid: 'k1', typ: 'JWT' })
      .setIssuer(clientId).setSubject(clientId).setAudience(`${PUBLIC}/oauth2/token`)
      .setExpirationTime(Math.floor(Date.now() / 1000) + 240).setJti(jti).sign(privateKey);

    const used = await sign(randomUUID());
    try {
      expect((await token(gw, clientId, used)).status).toBe(200);
      await gw.close();
      gw = await start(dataDir);
      const replay = await token(gw, clientId, used);
      expect(replay).toMatchObject({ status: 401, body: { error: 'invalid_client' } });
      expect(String(replay.body['error_description'])).toMatch(/jti was already used/);
      expect((await token(gw, clientId, await sign(randomUUID()))).status).toBe(200);
    } finally {
      await gw.close();
    }
  }, 60_000);
});
