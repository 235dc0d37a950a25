/**
 * Server-side login sessions of the authorization endpoint: a random id in an HMAC-signed, HttpOnly,
 * SameSite=Lax cookie scoped to `/oauth2`; the session holds the signed-in user, a CSRF token checked on
 * every form post, and the authorization requests in progress. Kept in memory, 30 minutes idle.
 * https://datatracker.ietf.org/doc/html/rfc6749#section-10.12
 */
import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import type { Request, Response } from 'express';
import type { AuthorizationRequest } from '../../auth/authorization-request.js';
import { ExpiringMap, randomToken } from '../../auth/expiring-map.js';
import type { UpstreamLogin } from '../../auth/upstream-idp.js';

/** An authorization request between `/authorize` and the redirect back to the client. */
export interface PendingAuthorization {
  readonly request: AuthorizationRequest;
  /** The patient chosen in the picker. */
  patient: string | undefined;
  /** A sign-in at the upstream identity provider in progress. */
  upstream?: UpstreamLogin;
}

/** One browser's session. */
export interface Session {
  readonly id: string;
  readonly csrf: string;
  userId: string | undefined;
  readonly pending: Map<string, PendingAuthorization>;
}

const COOKIE = 'lyfe_oauth_session';
const TTL_SECONDS = 30 * 60;
/** Requests in progress per session (tabs); the oldest is dropped beyond. */
const MAX_PENDING = 10;

/** The session table. */
export class Sessions {
  private readonly map: ExpiringMap<Session>;
  private readonly key = randomBytes(32);

  constructor(
    clock: () => Date,
    /** Send the cookie with `Secure` (the public base URL is https). */
    private readonly secure: boolean,
  ) {
    this.map = new ExpiringMap(clock, 20_000);
  }

  /** The session of the request's cookie (signature checked), refreshed; undefined when none. */
  load(req: Request, res: Response): Session | undefined {
    const raw = cookieValue(req.get('cookie'), COOKIE);
    const dot = raw?.lastIndexOf('.') ?? -1;
    if (raw === undefined || dot < 0) return undefined;
    const id = raw.slice(0, dot);
    const mac = Buffer.from(raw.slice(dot + 1), 'base64url');
    const expected = this.sign(id);
    if (mac.length !== expected.length || !timingSafeEqual(mac, expected)) return undefined;
    const s = this.map.get(id);
    if (s !== undefined) this.store(s, res);
    return s;
  }

  /** The request's session, or a new one (cookie set). */
  ensure(req: Request, res: Response): Session {
    return this.load(req, res) ?? this.store({ id: randomToken(), csrf: randomToken(), userId: undefined, pending: new Map() }, res);
  }

  /** Adds a pending request; returns its id. */
  addPending(s: Session, p: PendingAuthorization): string {
    const rid = randomToken(16);
    s.pending.set(rid, p);
    while (s.pending.size > MAX_PENDING) {
      const oldest = s.pending.keys().next();
      if (oldest.done === true) break;
      s.pending.delete(oldest.value);
    }
    return rid;
  }

  /** A new id and CSRF token for the same content (after login: no session fixation). */
  regenerate(s: Session, res: Response): Session {
    this.map.delete(s.id);
    return this.store({ ...s, id: randomToken(), csrf: randomToken() }, res);
  }

  /** True when `presented` is the session's CSRF token (constant time). */
  static csrfOk(s: Session, presented: string | undefined): boolean {
    if (presented === undefined) return false;
    const a = Buffer.from(presented);
    const b = Buffer.from(s.csrf);
    return a.length === b.length && timingSafeEqual(a, b);
  }

  private store(s: Session, res: Response): Session {
    this.map.set(s.id, s, TTL_SECONDS);
    const value = `${s.id}.${this.sign(s.id).toString('base64url')}`;
    res.setHeader('Set-Cookie', `${COOKIE}=${value}; Path=/oauth2; HttpOnly; SameSite=Lax; Max-Age=${TTL_SECONDS}${this.secure ? '; Secure' : ''}`);
    return s;
  }

  private sign(id: string): Buffer {
    return createHmac('sha256', this.key).update(id).digest();
  }
}

/** The value of cookie `name` in a Cookie header. */
export function cookieValue(header: string | undefined, name: string): string | undefined {
  if (header === undefined) return undefined;
  for (const part of header.split(';')) {
    const i = part.indexOf('=');
    if (i > 0 && part.slice(0, i).trim() === name) return part.slice(i + 1).trim();
  }
  return undefined;
}
