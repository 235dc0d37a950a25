/**
 * Authorization codes: single use, 60 seconds, stored as SHA-256 hashes, bound to the client, the
 * redirect_uri and the PKCE S256 challenge. A code presented twice revokes what the first use issued.
 * https://datatracker.ietf.org/doc/html/rfc6749#section-4.1.2, https://datatracker.ietf.org/doc/html/rfc7636
 */
import { createHash } from 'node:crypto';
import { ExpiringMap, randomToken, tokenHash } from './expiring-map.js';
import type { Grant } from './grant.js';
import { OAuthError } from './oauth-error.js';

/** Lifetime of a code. */
export const CODE_TTL_SECONDS = 60;

/** What a code stands for. */
export interface CodeRecord {
  readonly grant: Grant;
  readonly redirectUri: string;
  /** BASE64URL(SHA256(code_verifier)). */
  readonly codeChallenge: string;
  readonly nonce: string | undefined;
}

/** What the first exchange of a code issued, to revoke it when the code comes back. */
export interface CodeUse {
  readonly accessJti: string;
  readonly accessExp: number;
  readonly refreshFamily: string | undefined;
}

/** RFC 7636 §4.1: 43–128 unreserved characters. */
const VERIFIER_RE = /^[A-Za-z0-9\-._~]{43,128}$/;
/** An S256 challenge is 43 base64url characters. */
export const CHALLENGE_RE = /^[A-Za-z0-9\-_]{43}$/;

/** The S256 challenge of a verifier. https://datatracker.ietf.org/doc/html/rfc7636#section-4.2 */
export function s256(verifier: string): string {
  return createHash('sha256').update(verifier).digest('base64url');
}

/** Live codes and recently used ones. */
export class AuthorizationCodes {
  private readonly live: ExpiringMap<CodeRecord>;
  /** Redeemed codes: what they issued, or `pending` while (or when) nothing was issued. */
  private readonly used: ExpiringMap<CodeUse | 'pending'>;

  constructor(clock: () => Date) {
    this.live = new ExpiringMap(clock, 10_000);
    this.used = new ExpiringMap(clock, 10_000);
  }

  /** Issues a code for `record`. */
  issue(record: CodeRecord): string {
    const code = randomToken();
    this.live.set(tokenHash(code), record, CODE_TTL_SECONDS);
    return code;
  }

  /**
   * Redeems a code: checks client, redirect_uri and PKCE. Any failure is `invalid_grant` and burns the
   * code. A reused code yields `{ replayOf }` so the caller can revoke what the first use issued.
   */
  redeem(code: string, clientId: string, redirectUri: string | undefined, verifier: string | undefined): { record: CodeRecord; hash: string } | { replayOf: CodeUse | undefined } {
    const hash = tokenHash(code);
    const record = this.live.take(hash);
    if (record === undefined) {
      const use = this.used.take(hash);
      if (use !== undefined) return { replayOf: use === 'pending' ? undefined : use };
      throw new OAuthError('invalid_grant', 'The authorization code is invalid or expired');
    }
    this.used.set(hash, 'pending', CODE_TTL_SECONDS * 10);
    if (record.grant.clientId !== clientId) throw new OAuthError('invalid_grant', 'The authorization code was issued to another client');
    if (redirectUri !== record.redirectUri) throw new OAuthError('invalid_grant', 'redirect_uri differs from the authorization request');
    if (verifier === undefined || !VERIFIER_RE.test(verifier)) throw new OAuthError('invalid_grant', 'code_verifier is missing or malformed');
    if (s256(verifier) !== record.codeChallenge) throw new OAuthError('invalid_grant', 'code_verifier does not match the code_challenge');
    return { record, hash };
  }

  /** Records what a redeemed code issued (kept a little longer than the code lived). */
  markUsed(hash: string, use: CodeUse): void {
    this.used.set(hash, use, CODE_TTL_SECONDS * 10);
  }
}
