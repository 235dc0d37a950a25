/**
 * ClientStore adapter keeping every client in one JSON file (mode 0600) in DATA_DIR, rewritten
 * atomically on each change. Fine for the handful of clients a gateway has; single process.
 */
import { readFile } from 'node:fs/promises';
import type { ClientStore, OAuthClient, TokenEndpointAuthMethod } from '../ports/client-store.js';
import { writeFileAtomic } from './atomic-file.js';

/** JSON-file ClientStore. */
export class JsonFileClientStore implements ClientStore {
  private clients: Map<string, OAuthClient> | undefined;
  /** Serialises writes so two concurrent puts never interleave their renames. */
  private queue: Promise<void> = Promise.resolve();

  constructor(private readonly path: string) {}

  async get(clientId: string): Promise<OAuthClient | undefined> {
    return (await this.load()).get(clientId);
  }

  async put(client: OAuthClient): Promise<void> {
    await this.mutate((m) => {
      m.set(client.clientId, client);
    });
  }

  async delete(clientId: string): Promise<boolean> {
    let existed = false;
    await this.mutate((m) => {
      existed = m.delete(clientId);
    });
    return existed;
  }

  async list(): Promise<readonly OAuthClient[]> {
    return [...(await this.load()).values()];
  }

  private mutate(change: (m: Map<string, OAuthClient>) => void): Promise<void> {
    const run = this.queue.then(async () => {
      const m = await this.load();
      change(m);
      await writeFileAtomic(this.path, JSON.stringify({ clients: [...m.values()] }, null, 2));
    });
    this.queue = run.catch(() => undefined);
    return run;
  }

  private async load(): Promise<Map<string, OAuthClient>> {
    if (this.clients) return this.clients;
    let text: string | undefined;
    try {
      text = await readFile(this.path, 'utf8');
    } catch (e) {
      if (!(e instanceof Error && 'code' in e && e.code === 'ENOENT')) throw e;
    }
    const m = new Map<string, OAuthClient>();
    if (text !== undefined) {
      for (const c of parseClients(JSON.parse(text) as unknown, this.path)) m.set(c.clientId, c);
    }
    this.clients = m;
    return m;
  }
}

function parseClients(doc: unknown, path: string): OAuthClient[] {
  const list = typeof doc === 'object' && doc !== null && 'clients' in doc ? doc.clients : undefined;
  if (!Array.isArray(list)) throw new Error(`${path}: expected {"clients": [...]}`);
  return list.map((raw: unknown, i) => {
    if (typeof raw !== 'object' || raw === null) throw new Error(`${path}: clients[${i}] is not an object`);
    const r = raw as Record<string, unknown>;
    const str = (k: string): string | undefined => (typeof r[k] === 'string' ? (r[k] as string) : undefined);
    const clientId = str('clientId');
    if (clientId === undefined) throw new Error(`${path}: clients[${i}].clientId missing`);
    const grantTypes = Array.isArray(r['grantTypes']) ? r['grantTypes'].filter((g): g is string => typeof g === 'string') : [];
    const base: OAuthClient = { clientId, secretHash: str('secretHash'), scope: str('scope') ?? '', grantTypes, name: str('name'), createdAt: str('createdAt') ?? '' };
    return withOptionalFields(base, r);
  });
}

const AUTH_METHODS: readonly TokenEndpointAuthMethod[] = ['none', 'client_secret_basic', 'client_secret_post', 'private_key_jwt'];

/** The SMART App Launch fields (redirect URIs, auth method, keys), when present and well-typed. */
function withOptionalFields(base: OAuthClient, r: Record<string, unknown>): OAuthClient {
  const redirect = r['redirectUris'];
  const method = r['tokenEndpointAuthMethod'];
  const jwks = r['jwks'];
  const jwksUri = r['jwksUri'];
  const keys = typeof jwks === 'object' && jwks !== null && 'keys' in jwks && Array.isArray(jwks.keys) ? jwks.keys : undefined;
  return {
    ...base,
    ...(Array.isArray(redirect) && { redirectUris: redirect.filter((u): u is string => typeof u === 'string') }),
    ...(AUTH_METHODS.includes(method as TokenEndpointAuthMethod) && { tokenEndpointAuthMethod: method as TokenEndpointAuthMethod }),
    ...(keys !== undefined && { jwks: { keys: keys.filter((k): k is Record<string, unknown> => typeof k === 'object' && k !== null) } }),
    ...(typeof jwksUri === 'string' && { jwksUri }),
  };
}
