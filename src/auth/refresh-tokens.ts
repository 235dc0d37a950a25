/**
 * Refresh tokens: opaque random strings, stored only as SHA-256 hashes in `DATA_DIR/refresh-tokens.json`.
 * Each use rotates the token; presenting a rotated one again revokes its whole family (replay detection).
 * https://datatracker.ietf.org/doc/html/rfc6749#section-6, https://datatracker.ietf.org/doc/html/rfc9700#section-4.14
 */
import { OAuthError } from './oauth-error.js';
import { randomToken, tokenHash } from './expiring-map.js';
import { parseGrant, type Grant } from './grant.js';
import { asRecord, JsonFileCollection, requiredString } from './json-file-collection.js';

interface RefreshRecord {
  readonly hash: string;
  /** All tokens rotated from one authorization share it. */
  readonly family: string;
  readonly grant: Grant;
  /** Epoch seconds. */
  readonly expiresAt: number;
  /** Set once the token was exchanged (kept until expiry to detect replays). */
  readonly usedAt: number | undefined;
}

/** The live refresh tokens. */
export class RefreshTokens {
  private readonly records: JsonFileCollection<RefreshRecord>;

  constructor(path: string | undefined, private readonly clock: () => Date) {
    this.records = new JsonFileCollection(path, (r) => r.hash, parseRecord);
  }

  /** Issues a token for `grant` in `family` (a new one when absent), valid `ttlSeconds`. */
  async issue(grant: Grant, ttlSeconds: number, family?: string): Promise<{ token: string; family: string }> {
    const token = randomToken();
    const now = this.now();
    const fam = family ?? tokenHash(randomToken());
    await this.records.deleteWhere((r) => r.expiresAt <= now);
    await this.records.put({ hash: tokenHash(token), family: fam, grant, expiresAt: now + ttlSeconds, usedAt: undefined });
    return { token, family: fam };
  }

  /**
   * Exchanges a token of `clientId` for its grant, marking it used. `invalid_grant` when unknown, expired,
   * another client's, or already used — the last also revokes every token of its family.
   */
  async use(token: string, clientId: string): Promise<{ grant: Grant; family: string; expiresAt: number }> {
    const hash = tokenHash(token);
    const rec = await this.records.get(hash);
    const now = this.now();
    if (rec === undefined || rec.expiresAt <= now || rec.grant.clientId !== clientId) throw new OAuthError('invalid_grant', 'The refresh token is invalid or expired');
    if (rec.usedAt !== undefined) {
      await this.revokeFamily(rec.family);
      throw new OAuthError('invalid_grant', 'The refresh token was already used; its authorization is revoked');
    }
    await this.records.put({ ...rec, usedAt: now });
    return { grant: rec.grant, family: rec.family, expiresAt: rec.expiresAt };
  }

  /** The grant of a live, unused token (introspection), or undefined. */
  async peek(token: string): Promise<{ grant: Grant; expiresAt: number } | undefined> {
    const rec = await this.records.get(tokenHash(token));
    if (rec === undefined || rec.usedAt !== undefined || rec.expiresAt <= this.now()) return undefined;
    return { grant: rec.grant, expiresAt: rec.expiresAt };
  }

  /** Revokes the token and its family when it belongs to `clientId`; false when it is not known. */
  async revoke(token: string, clientId: string): Promise<boolean> {
    const rec = await this.records.get(tokenHash(token));
    if (rec === undefined || rec.grant.clientId !== clientId) return false;
    await this.revokeFamily(rec.family);
    return true;
  }

  /** Revokes every token of a family. */
  async revokeFamily(family: string): Promise<void> {
    await this.records.deleteWhere((r) => r.family === family);
  }

  private now(): number {
    return Math.floor(this.clock().getTime() / 1000);
  }
}

function parseRecord(raw: unknown, where: string): RefreshRecord {
  const r = asRecord(raw, where);
  const expiresAt = r['expiresAt'];
  if (typeof expiresAt !== 'number') throw new Error(`${where}.expiresAt is not a number`);
  return {
    hash: requiredString(r, 'hash', where),
    family: requiredString(r, 'family', where),
    grant: parseGrant(r['grant'], where),
    expiresAt,
    usedAt: typeof r['usedAt'] === 'number' ? r['usedAt'] : undefined,
  };
}
