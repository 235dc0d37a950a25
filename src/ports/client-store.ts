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
  /** Registered redirect URIs (exact match at `/oauth2/authorize`); absent for system-only clients. */
  readonly redirectUris?: readonly string[];
  /**
   * How the client authenticates at the token endpoint (RFC 7591 §2). Absent: `client_secret_basic` /
   * `client_secret_post` when a secret hash exists.
   */
  readonly tokenEndpointAuthMethod?: TokenEndpointAuthMethod;
  /** Inline public keys for `private_key_jwt` (a JWK Set). */
  readonly jwks?: { readonly keys: readonly Record<string, unknown>[] };
  /** Where the client publishes its JWK Set for `private_key_jwt`. */
  readonly jwksUri?: string;
}

/** RFC 7591 token endpoint authentication methods we support. */
export type TokenEndpointAuthMethod = 'none' | 'client_secret_basic' | 'client_secret_post' | 'private_key_jwt';

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
