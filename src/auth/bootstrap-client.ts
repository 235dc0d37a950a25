/**
 * The first client: a confidential system client created on first start so an operator can get a
 * token at once. Its id and secret go to `DATA_DIR/bootstrap-client.json` (mode 0600) unless the
 * operator sets BOOTSTRAP_CLIENT_ID / BOOTSTRAP_CLIENT_SECRET. See DESIGN.md "First client".
 */
import { randomBytes } from 'node:crypto';
import type { ClientStore } from '../ports/client-store.js';
import { writeFileAtomic } from './atomic-file.js';
import { hashSecret, verifySecret } from './secret-hash.js';

/** Scopes the bootstrap client may be granted. */
export const BOOTSTRAP_SCOPE = 'system/*.cruds admin';

export interface BootstrapOptions {
  readonly store: ClientStore;
  /** Where to write the generated credentials (`DATA_DIR/bootstrap-client.json`). */
  readonly credentialsPath: string;
  /** Both set: use these instead of generating. */
  readonly clientId: string | undefined;
  readonly clientSecret: string | undefined;
  readonly clock: () => Date;
}

/** What happened, for the startup log line (never contains the secret). */
export interface BootstrapResult {
  readonly clientId: string;
  /** `created`: new generated client written to `credentialsPath`; `configured`: from settings; `existing`: left as is. */
  readonly status: 'created' | 'configured' | 'existing';
  readonly credentialsPath: string | undefined;
}

/** Ensures the bootstrap client exists. Idempotent across restarts. */
export async function ensureBootstrapClient(o: BootstrapOptions): Promise<BootstrapResult> {
  if (o.clientId !== undefined && o.clientSecret !== undefined) {
    const existing = await o.store.get(o.clientId);
    const same = existing?.secretHash !== undefined && (await verifySecret(o.clientSecret, existing.secretHash));
    if (!same || existing?.scope !== BOOTSTRAP_SCOPE) {
      await o.store.put({
        clientId: o.clientId,
        secretHash: await hashSecret(o.clientSecret),
        scope: BOOTSTRAP_SCOPE,
        grantTypes: ['client_credentials'],
        name: 'bootstrap',
        createdAt: existing?.createdAt ?? o.clock().toISOString(),
      });
    }
    return { clientId: o.clientId, status: 'configured', credentialsPath: undefined };
  }
  const existing = (await o.store.list()).find((c) => c.name === 'bootstrap');
  if (existing) return { clientId: existing.clientId, status: 'existing', credentialsPath: o.credentialsPath };
  const clientId = `bootstrap-${randomBytes(8).toString('hex')}`;
  const clientSecret = randomBytes(32).toString('base64url');
  // Write the credentials first: if that fails, no client exists whose secret nobody knows.
  await writeFileAtomic(
    o.credentialsPath,
    JSON.stringify({ client_id: clientId, client_secret: clientSecret, scope: BOOTSTRAP_SCOPE, grant_type: 'client_credentials' }, null, 2),
  );
  await o.store.put({
    clientId,
    secretHash: await hashSecret(clientSecret),
    scope: BOOTSTRAP_SCOPE,
    grantTypes: ['client_credentials'],
    name: 'bootstrap',
    createdAt: o.clock().toISOString(),
  });
  return { clientId, status: 'created', credentialsPath: o.credentialsPath };
}
