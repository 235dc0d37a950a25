/**
 * Child process of bench/token-endpoint.ts: the authorization server's `/oauth2` routes (express, the
 * real token endpoint) on its own port, with one `private_key_jwt` client registered from the public
 * JWK in `TOKEN_CLIENT_JWK`, behind the same node:http fast token path as src/main.ts (unless
 * `BENCH_TOKEN_FAST=0`, which measures express alone) and with the app's settings (no ETag, request log
 * middleware). Sends `{ type: 'ready', url, clientId, tokenEndpoint }`; answers `cpu` with
 * its `process.cpuUsage()` so the parent can report server CPU per token.
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import express from 'express';
import { openAuthService } from '../src/auth/auth-service.js';
import { errorHandler } from '../src/api/middleware/error-handler.js';
import { fastToken } from '../src/api/middleware/fast-token.js';
import { oauthRouter } from '../src/api/smart/oauth-router.js';
import { httpLogMiddleware, silentLogger } from '../src/log/logger.js';

const dataDir = process.env['DATA_DIR'] ?? '.';
const jwk = JSON.parse(process.env['TOKEN_CLIENT_JWK'] ?? '{}') as Record<string, unknown>;
const { auth } = await openAuthService({
  dataDir, issuer: 'http://127.0.0.1', tokenTtlSeconds: 300, bootstrapClientId: 'ops', bootstrapClientSecret: 'bench-secret-0123456789', clock: () => new Date(),
});
const reg = await auth.register({
  grant_types: ['client_credentials'], token_endpoint_auth_method: 'private_key_jwt', scope: 'system/*.rs',
  jwks: { keys: [jwk] },
});
const logger = silentLogger();
const app = express();
app.disable('x-powered-by');
app.set('etag', false);
app.use(httpLogMiddleware(logger));
app.use('/oauth2', oauthRouter(auth));
app.use(errorHandler(logger));
const fast = fastToken({ auth, logger });
const server = process.env['BENCH_TOKEN_FAST'] === '0' ? createServer(app) : createServer((req, res) => fast(req, res, () => app(req, res)));
server.keepAliveTimeout = 65_000;
await new Promise<void>((ok) => server.listen(0, '127.0.0.1', ok));
process.on('message', (m: { type?: string }) => {
  if (m.type === 'cpu') process.send?.({ type: 'cpu', usage: process.cpuUsage() });
  if (m.type === 'stop') {
    server.close();
    server.closeAllConnections();
    process.exit(0);
  }
});
process.send?.({
  type: 'ready', url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, clientId: String(reg['client_id']), tokenEndpoint: auth.tokenEndpoint,
});
