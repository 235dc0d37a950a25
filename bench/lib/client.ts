/** A tiny FHIR client for the benchmarks: a bearer token from the bootstrap client, JSON in and out. */
import type { Bundle } from 'fhir/r4.js';
import { BOOTSTRAP_ID, BOOTSTRAP_SECRET } from './processes.js';

export interface FhirClient {
  readonly base: string;
  readonly authorization: string;
  get<T = Bundle>(pathOrUrl: string): Promise<T>;
  post<T = Bundle>(path: string, body: unknown): Promise<T>;
}

/** Gets a `client_credentials` token (HTTP Basic) and returns a client for `${url}/fhir`. */
export async function connect(url: string): Promise<FhirClient> {
  const res = await fetch(`${url}/oauth2/token`, {
    method: 'POST',
    headers: {
      Authorization: `Basic ${Buffer.from(`${BOOTSTRAP_ID}:${BOOTSTRAP_SECRET}`).toString('base64')}`,
      'Content-Type': 'application/x-www-form-urlencoded',
    },
    body: 'grant_type=client_credentials',
  });
  if (!res.ok) throw new Error(`token: ${res.status} ${await res.text()}`);
  const { access_token: token } = await res.json() as { access_token: string };
  const authorization = `Bearer ${token}`;
  const base = `${url}/fhir`;
  const call = async <T>(method: string, pathOrUrl: string, body?: unknown): Promise<T> => {
    const target = pathOrUrl.startsWith('http') ? pathOrUrl : `${base}/${pathOrUrl}`;
    const r = await fetch(target, {
      method,
      headers: { Authorization: authorization, Accept: 'application/fhir+json', 'Content-Type': 'application/fhir+json' },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    const text = await r.text();
    if (!r.ok) throw new Error(`${method} ${target}: ${r.status} ${text.slice(0, 500)}`);
    return JSON.parse(text) as T;
  };
  return {
    base,
    authorization,
    get: (p) => call('GET', p),
    post: (p, b) => call('POST', p, b),
  };
}
