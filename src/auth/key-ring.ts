/**
 * Rotated signing keys: the newest signs, older ones stay published at `/oauth2/jwks` (and keep
 * verifying) until every token they signed has expired, then they are dropped. A ring whose newest key
 * is not of `SIGNING_ALG` (an ES384 key of an older version) rotates when opened. Kept in one JSON file
 * (mode 0600) in DATA_DIR. https://datatracker.ietf.org/doc/html/rfc7517#section-5
 */
import type { JSONWebKeySet, JWK } from 'jose';
import { writeFileAtomic } from './atomic-file.js';
import { generateSigningJwk, readOptionalFile, SIGNING_ALG, signingKeyFromJwk, type SigningKey } from './signing-key.js';

/** Where signing keys come from (a rotating ring, or one fixed key in tests). */
export interface KeySource {
  /** The key to sign with now. */
  current(): Promise<SigningKey>;
  /** A key that may verify tokens (current or retired but still published). */
  byKid(kid: string): SigningKey | undefined;
  /** The published public keys. */
  jwks(): JSONWebKeySet;
}

/** One fixed key (tests, and callers that manage keys themselves). */
export function fixedKey(key: SigningKey): KeySource {
  return {
    current: () => Promise.resolve(key),
    byKid: (kid) => (kid === key.kid ? key : undefined),
    jwks: () => ({ keys: [key.publicJwk] }),
  };
}

interface RingEntry {
  readonly key: SigningKey;
  readonly jwk: JWK;
  readonly createdAt: number;
  /** When a newer key took over (epoch ms); tokens signed before then may live `retainSeconds` more. */
  readonly retiredAt: number | undefined;
}

export interface KeyRingOptions {
  /** `DATA_DIR/signing-keys.json`. */
  readonly path: string;
  /** A single-key file of an older version to adopt as the first key (`DATA_DIR/signing-key.jwk.json`). */
  readonly legacyPath?: string;
  /** Age after which a new key takes over; 0 = never rotate. */
  readonly rotationSeconds: number;
  /** Longest lifetime of anything we sign: how long a retired key stays published. */
  readonly retainSeconds: number;
  readonly clock: () => Date;
}

/** The rotating key ring. */
export class KeyRing implements KeySource {
  private rotating: Promise<SigningKey> | undefined;

  private constructor(
    private readonly o: KeyRingOptions,
    private entries: RingEntry[],
  ) {}

  /** Loads the ring (adopting the legacy key, or generating the first key, when there is none). */
  static async open(o: KeyRingOptions): Promise<KeyRing> {
    const text = await readOptionalFile(o.path);
    const now = o.clock().getTime();
    const entries: RingEntry[] = [];
    if (text !== undefined) {
      const doc = JSON.parse(text) as { keys?: { jwk: JWK; createdAt: number; retiredAt?: number }[] };
      for (const e of doc.keys ?? []) {
        entries.push({ key: await signingKeyFromJwk(e.jwk, o.path), jwk: e.jwk, createdAt: e.createdAt, retiredAt: e.retiredAt });
      }
    } else if (o.legacyPath !== undefined) {
      const legacy = await readOptionalFile(o.legacyPath);
      if (legacy !== undefined) {
        const jwk = JSON.parse(legacy) as JWK;
        entries.push({ key: await signingKeyFromJwk(jwk, o.legacyPath), jwk, createdAt: now, retiredAt: undefined });
      }
    }
    const ring = new KeyRing(o, entries);
    // No key yet, or the newest is of an older algorithm (ES384 before ES256): a new key takes over now;
    // the old one keeps verifying and stays published until its tokens have expired.
    if (entries.length === 0 || entries[entries.length - 1]?.key.alg !== SIGNING_ALG) await ring.rotate();
    else if (text === undefined) await ring.save();
    return ring;
  }

  async current(): Promise<SigningKey> {
    const newest = this.entries[this.entries.length - 1];
    const now = this.o.clock().getTime();
    const due = newest === undefined || (this.o.rotationSeconds > 0 && now - newest.createdAt >= this.o.rotationSeconds * 1000);
    if (!due) return newest.key;
    this.rotating ??= this.rotate().finally(() => {
      this.rotating = undefined;
    });
    return this.rotating;
  }

  byKid(kid: string): SigningKey | undefined {
    return this.live().find((e) => e.key.kid === kid)?.key;
  }

  jwks(): JSONWebKeySet {
    return { keys: this.live().map((e) => e.key.publicJwk) };
  }

  /** Makes a new key current now (also used by `current()` when the rotation period has passed). */
  async rotate(): Promise<SigningKey> {
    const now = this.o.clock().getTime();
    const jwk = await generateSigningJwk();
    const key = await signingKeyFromJwk(jwk, 'generated');
    const retire = (e: RingEntry): RingEntry => (e.retiredAt === undefined ? { ...e, retiredAt: now } : e);
    this.entries = [...this.entries.map(retire), { key, jwk, createdAt: now, retiredAt: undefined }];
    this.entries = this.live();
    await this.save();
    return key;
  }

  /** Keys that still sign or whose tokens may still be alive. */
  private live(): RingEntry[] {
    const now = this.o.clock().getTime();
    return this.entries.filter((e) => e.retiredAt === undefined || now < e.retiredAt + this.o.retainSeconds * 1000);
  }

  private save(): Promise<void> {
    const keys = this.entries.map((e) => ({ jwk: e.jwk, createdAt: e.createdAt, ...(e.retiredAt !== undefined && { retiredAt: e.retiredAt }) }));
    return writeFileAtomic(this.o.path, JSON.stringify({ keys }));
  }
}
