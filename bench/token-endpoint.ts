/**
 * Token endpoint throughput: `client_credentials` with ES384 `private_key_jwt` assertions over real
 * HTTP (issue 6 target: >= 1,000 tokens/s). Assertions are signed before the clock starts (they are the
 * client's cost); each carries a fresh jti, so the replay check runs on every request.
 */
import { randomUUID } from 'node:crypto';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import express from 'express';
import { exportJWK, generateKeyPair, SignJWT } from 'jose';
import { openAuthService } from '../src/auth/auth-service.js';
import { errorHandler } from '../src/api/middleware/error-handler.js';
import { oauthRouter } from '../src/api/smart/oauth-router.js';
import { silentLogger } from '../src/log/logger.js';
import { progress } from './lib/log.js';
import { round } from './lib/stats.js';
import { withTempDir } from './lib/temp.js';

export interface TokenEndpointOptions {
  readonly seconds: number;
  readonly connections: number;
}

export async function tokenEndpointBench(o: TokenEndpointOptions): Promise<{ tokensPerSecond: number; requests: number; errors: number }> {
  return withTempDir('token', async (dataDir) => {
    const { auth } = await openAuthService({
      dataDir, issuer: 'http://127.0.0.1', tokenTtlSeconds: 300, bootstrapClientId: 'ops', bootstrapClientSecret: 'bench-secret-0123456789', clock: () => new Date(),
    });
    const { privateKey, publicKey } = await generateKeyPair('ES384');
    const reg = await auth.register({
      grant_types: ['client_credentials'], token_endpoint_auth_method: 'private_key_jwt', scope: 'system/*.rs',
      jwks: { keys: [{ ...(await exportJWK(publicKey)), alg: 'ES384', kid: 'k1' }] },
    });
    const clientId = String(reg['client_id']);
    const app = express();
    app.use('/oauth2', oauthRouter(auth));
    app.use(errorHandler(silentLogger()));
    const server = createServer(app);
    await new Promise<void>((ok) => server.listen(0, '127.0.0.1', ok));
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/oauth2/token`;
    // Enough assertions for ~3,000 tokens/s over the run.
    const count = Math.max(2000, o.seconds * 3000);
    progress(`token-endpoint: signing ${count} assertions`);
    const exp = Math.floor(Date.now() / 1000) + 240;
    const bodies: string[] = [];
    for (let i = 0; i < count; i++) {
      const jwt = await new SignJWT({}).setProtectedHeader({ alg: 'ES384', kid: 'k1' }).setIssuer(clientId).setSubject(clientId)
        .setAudience(auth.tokenEndpoint).setExpirationTime(exp).setJti(randomUUID()).sign(privateKey);
      bodies.push(new URLSearchParams({ grant_type: 'client_credentials', client_assertion_type: 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer', client_assertion: jwt }).toString());
    }
    let next = 0;
    let ok = 0;
    let errors = 0;
    const deadline = performance.now() + o.seconds * 1000;
    const started = performance.now();
    const worker = async (): Promise<void> => {
      while (performance.now() < deadline && next < bodies.length) {
        const body = bodies[next++] ?? '';
        const res = await fetch(url, { method: 'POST', body, headers: { 'content-type': 'application/x-www-form-urlencoded' } });
        await res.arrayBuffer();
        if (res.status === 200) ok++;
        else errors++;
      }
    };
    await Promise.all(Array.from({ length: o.connections }, worker));
    const elapsed = (performance.now() - started) / 1000;
    await new Promise<void>((done) => server.close(() => done()));
    return { tokensPerSecond: round(ok / elapsed, 0), requests: ok + errors, errors };
  });
}
