/**
 * ClientStore: registered OAuth 2.0 clients (RFC 6749 §2). Secrets are stored only as hashes.
 * Adapters: `auth/json-file-client-store.ts` (DATA_DIR file), `auth/memory-client-store.ts`.
 * https://datatracker.ietf.org/doc/html/rfc6749#section-2
 */

/** One registered client. */
export interface OAuthClient {
  readonly clientId: string;
  /** `scrypt$...` hash of the client secret (see `auth/secret-hash.ts`); undefined for public clients. */
  readonly secretHash: string | undefined;
  /** Space-separated scopes the client may be granted (SMART syntax, e.g. `system/*.cruds admin`). */
  readonly scope: string;
  /** Grant types the client may use (e.g. `client_credentials`). */
  readonly grantTypes: readonly string[];
  /** Human-readable name. */
  readonly name: string | undefined;
  /** ISO instant of registration. */
  readonly createdAt: string;
}

/** Where clients live. */
export interface ClientStore {
  /** The client with this id, or undefined. */
  get(clientId: string): Promise<OAuthClient | undefined>;
  /** Inserts or replaces the client with the same id. */
  put(client: OAuthClient): Promise<void>;
  /** Removes the client; false when it did not exist. */
  delete(clientId: string): Promise<boolean>;
  /** Every client, in registration order. */
  list(): Promise<readonly OAuthClient[]>;
}
