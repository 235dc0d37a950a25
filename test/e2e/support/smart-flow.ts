/**
 * Helpers for the SMART authorization tests: PKCE pairs, the hidden fields of our HTML forms, and a
 * supertest-driven browser that walks authorize → login → (picker) → consent → redirect.
 */
import { createHash, randomBytes } from 'node:crypto';
import type { Express } from 'express';
import request from 'supertest';

/** A PKCE verifier and its S256 challenge. */
export function pkce(): { verifier: string; challenge: string } {
  const verifier = randomBytes(32).toString('base64url');
  return { verifier, challenge: createHash('sha256').update(verifier).digest('base64url') };
}

/** Un-escapes what `esc()` in src/api/smart/html.ts escapes. */
function unescape(s: string): string {
  return s.replace(/&#(\d+);/g, (_m, n: string) => String.fromCharCode(Number(n)));
}

/** The hidden inputs of the first form holding an `action` field (or of the page). */
export function hiddenFields(html: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const m of html.matchAll(/<input type="hidden" name="([^"]*)" value="([^"]*)">/g)) {
    const [, name, value] = m;
    if (name !== undefined && value !== undefined && !(name in out)) out[unescape(name)] = unescape(value);
  }
  return out;
}

/** Values of the checkboxes / radios named `name`, with whether they are checked. */
export function choices(html: string, name: string): { value: string; checked: boolean }[] {
  const re = new RegExp(`<input type="(?:checkbox|radio)" name="${name}" value="([^"]*)"( checked)?>`, 'g');
  return [...html.matchAll(re)].map((m) => ({ value: unescape(m[1] ?? ''), checked: m[2] !== undefined }));
}

/** Registers a client with an admin token; returns the RFC 7591 response. */
export async function register(app: Express, adminToken: string, body: Record<string, unknown>): Promise<{ client_id: string; client_secret?: string }> {
  const res = await request(app).post('/oauth2/register').auth(adminToken, { type: 'bearer' }).send(body);
  if (res.status !== 201) throw new Error(`register: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body as { client_id: string; client_secret?: string };
}

/** A form body with repeated keys. */
export function formOf(pairs: readonly (readonly [string, string])[]): string {
  const p = new URLSearchParams();
  for (const [k, v] of pairs) p.append(k, v);
  return p.toString();
}

/** Where a 303 went, parsed. */
export function location(res: request.Response): URL {
  const loc = res.headers['location'];
  if (typeof loc !== 'string') throw new Error(`no Location (status ${res.status}): ${res.text.slice(0, 300)}`);
  // Relative Locations resolve against the URL that answered, as a browser does.
  const from = (res as unknown as { request?: { url?: string } }).request?.url ?? 'http://gateway.test/oauth2/authorize';
  return new URL(loc, from);
}
