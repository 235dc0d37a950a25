/**
 * The assembled gateway on a real port for the SMART end-to-end tests (a fresh DATA_DIR, a bootstrap
 * admin client and its `client_credentials` token), and a SMART app served with the real `fhirclient`
 * package (Node adapter): `/launch` calls `authorize()`, `/callback` calls `ready()`.
 * https://hl7.org/fhir/smart-app-launch/app-launch.html
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import smart from 'fhirclient';
import { loadConfig } from '../../../src/config/config.js';
import { silentLogger } from '../../../src/log/logger.js';
import { startGateway, type RunningGateway } from '../../../src/main.js';

/** fhirclient's Client, as `ready()` resolves it. */
export type FhirClient = Awaited<ReturnType<ReturnType<typeof smart>['ready']>>;

/** An RFC 7591 registration response. */
export interface Registration {
  readonly client_id: string;
  readonly client_secret?: string;
}

/** A running gateway with its admin token. */
export interface SmartGateway {
  readonly gw: RunningGateway;
  /** `http://localhost:<port>` (the default PUBLIC_BASE_URL, what fhirclient and browsers use). */
  readonly base: string;
  /** `${base}/fhir`. */
  readonly fhirBase: string;
  /** A `client_credentials` token of the bootstrap client (`system/*.cruds admin`). */
  readonly admin: string;
  /** `fetch` on the gateway with the admin token; `json` is sent as the body (`application/fhir+json`). */
  api(path: string, init?: RequestInit & { json?: unknown }): Promise<Response>;
  /** `POST /oauth2/register` with the admin token; throws unless 201. */
  register(body: Record<string, unknown>): Promise<Registration>;
  close(): Promise<void>;
}

/** Gets a `client_credentials` token with HTTP Basic client authentication. */
export async function clientCredentialsToken(gatewayUrl: string, clientId: string, secret: string): Promise<string> {
  const res = await fetch(`${gatewayUrl}/oauth2/token`, {
    method: 'POST', body: 'grant_type=client_credentials',
    headers: { authorization: `Basic ${Buffer.from(`${clientId}:${secret}`).toString('base64')}`, 'content-type': 'application/x-www-form-urlencoded' },
  });
  if (res.status !== 200) throw new Error(`token: ${res.status} ${await res.text()}`);
  return ((await res.json()) as { access_token: string }).access_token;
}

/** Starts the gateway (ephemeral ports, fresh DATA_DIR, bootstrap client `${name}-admin`); `env` adds settings. */
export async function startSmartGateway(name: string, env: Record<string, string> = {}): Promise<SmartGateway> {
  const dataDir = await mkdtemp(join(tmpdir(), `lyfe-${name}-`));
  const adminId = `${name}-admin`;
  const adminSecret = `${name}-admin-secret-0123456789`;
  const gw = await startGateway(loadConfig({
    PORT: '0', MLLP_PORT: '0', HOST: '127.0.0.1', DATA_DIR: dataDir, BOOTSTRAP_CLIENT_ID: adminId, BOOTSTRAP_CLIENT_SECRET: adminSecret, ...env,
  }), silentLogger());
  const base = `http://localhost:${new URL(gw.url).port}`;
  const admin = await clientCredentialsToken(gw.url, adminId, adminSecret);
  const api = (path: string, init: RequestInit & { json?: unknown } = {}): Promise<Response> => {
    const headers: Record<string, string> = { authorization: `Bearer ${admin}` };
    if (init.json !== undefined) headers['content-type'] = 'application/fhir+json';
    return fetch(`${gw.url}${path}`, { ...init, headers, ...(init.json !== undefined && { body: JSON.stringify(init.json) }) });
  };
  return {
    gw, base, fhirBase: `${base}/fhir`, admin, api,
    async register(body) {
      const res = await api('/oauth2/register', { method: 'POST', json: body });
      if (res.status !== 201) throw new Error(`register: ${res.status} ${await res.text()}`);
      return (await res.json()) as Registration;
    },
    async close() {
      await gw.close();
      await rm(dataDir, { recursive: true, force: true });
    },
  };
}

/** fhirclient's server-side storage (a real app would use its session). */
function memoryStorage(): { get(k: string): Promise<unknown>; set(k: string, v: unknown): Promise<unknown>; unset(k: string): Promise<boolean> } {
  const m = new Map<string, unknown>();
  return { get: (k) => Promise.resolve(m.get(k)), set: (k, v) => (m.set(k, v), Promise.resolve(v)), unset: (k) => Promise.resolve(m.delete(k)) };
}

/** A SMART app built on fhirclient, registered at a gateway. */
export interface FhirclientApp {
  /** `http://127.0.0.1:<port>`; `/launch` and `/callback` below it. */
  readonly url: string;
  /** Registers this app (redirect `${url}/callback`, authorization_code + refresh_token) with `scope`. */
  register(method: 'none' | 'client_secret_basic', clientName: string, scope: string): Promise<Registration>;
  /** Starts a new launch: fresh fhirclient storage, and the options `/launch` passes to `authorize()`. */
  prepareLaunch(authorizeOptions: Record<string, unknown>): void;
  /** The Client the last `/callback` produced (rejects when it failed or none came). */
  client(): Promise<FhirClient>;
  close(): Promise<void>;
}

/** Serves the fhirclient app on an ephemeral loopback port. */
export async function startFhirclientApp(gateway: SmartGateway): Promise<FhirclientApp> {
  let storage = memoryStorage();
  let authorizeOptions: Record<string, unknown> = {};
  let lastClient: Promise<FhirClient> | undefined;
  const server: Server = createServer((req: IncomingMessage, res: ServerResponse) => {
    const path = new URL(req.url ?? '/', 'http://x').pathname;
    if (path === '/launch') {
      smart(req, res, storage).authorize(authorizeOptions).catch((e: unknown) => res.writeHead(500).end(String(e)));
    } else if (path === '/callback') {
      lastClient = smart(req, res, storage).ready();
      lastClient.then(() => res.writeHead(200).end('ready'), (e: unknown) => res.writeHead(500).end(String(e)));
    } else {
      res.writeHead(404).end();
    }
  });
  await new Promise<void>((ok) => server.listen(0, '127.0.0.1', ok));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    url,
    register: (method, clientName, scope) => gateway.register({
      client_name: clientName, redirect_uris: [`${url}/callback`], token_endpoint_auth_method: method,
      grant_types: ['authorization_code', 'refresh_token'], scope,
    }),
    prepareLaunch(options) {
      storage = memoryStorage();
      authorizeOptions = options;
    },
    client: () => lastClient ?? Promise.reject(new Error('no callback')),
    close: () => new Promise<void>((ok) => server.close(() => ok())),
  };
}
