/**
 * The world of the authorization tests: the assembled app behind the node:http fast read path (as
 * main.ts serves it), two patients with the same kinds of data, shared non-compartment resources, and
 * real signed access tokens minted by the app's token service for any scope and launch context.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { fastRead } from '../../../src/api/fast-read.js';
import { parseScopes } from '../../../src/auth/scopes.js';
import { silentLogger } from '../../../src/log/logger.js';
import { PUBLIC_BASE, startTestApp, type TestApp } from './test-app.js';

export const CATEGORY = 'http://terminology.hl7.org/CodeSystem/observation-category';

/** Resources of one patient: `${p}-lab`, `${p}-vital`, `${p}-enc`, `${p}-cond`, `${p}-mr`, `${p}-proc`, `${p}-dev`. */
export function patientData(p: string, family: string): Record<string, unknown>[] {
  const subject = { reference: `Patient/${p}` };
  const obs = (id: string, category: string) => ({
    resourceType: 'Observation', id, status: 'final', subject, performer: [{ reference: 'Practitioner/dr1' }],
    encounter: { reference: `Encounter/${p}-enc` },
    category: [{ coding: [{ system: CATEGORY, code: category }] }], code: { coding: [{ system: 'http://loinc.org', code: category === 'laboratory' ? '2345-7' : '8867-4' }] },
  });
  return [
    { resourceType: 'Patient', id: p, name: [{ family, given: ['Pat'] }], generalPractitioner: [{ reference: 'Practitioner/dr1' }] },
    { resourceType: 'Encounter', id: `${p}-enc`, status: 'finished', class: { code: 'AMB' }, subject },
    obs(`${p}-lab`, 'laboratory'),
    obs(`${p}-vital`, 'vital-signs'),
    { resourceType: 'Condition', id: `${p}-cond`, subject, code: { text: 'asthma' } },
    { resourceType: 'MedicationRequest', id: `${p}-mr`, status: 'active', intent: 'order', subject, medicationReference: { reference: 'Medication/med1' } },
    { resourceType: 'Procedure', id: `${p}-proc`, status: 'completed', subject },
    { resourceType: 'Device', id: `${p}-dev`, patient: subject, distinctIdentifier: `implant-${p}` },
  ];
}

export interface AuthzWorld {
  readonly t: TestApp;
  /** `http://127.0.0.1:port` of the server (fast path in front of the app). */
  readonly base: string;
  /** A real access token for `scope` with optional launch / user context. */
  token(scope: string, context?: { patient?: string; fhirUser?: string }): Promise<string>;
  /** Request helper: answers status, headers and the parsed body. */
  call(token: string | undefined, method: string, path: string, body?: unknown): Promise<{ status: number; headers: Headers; body: unknown; text: string }>;
  close(): Promise<void>;
}

export async function startAuthzWorld(): Promise<AuthzWorld> {
  const t = await startTestApp();
  const fast = fastRead({ repo: t.repo, auth: t.auth, logger: silentLogger(), fhirBase: `${PUBLIC_BASE}/fhir`, resourceTypes: ['Patient', 'Observation', 'Encounter', 'Condition', 'MedicationRequest', 'Procedure', 'Medication', 'Practitioner', 'Device', 'Binary'] });
  const server: Server = createServer((req, res) => fast(req, res, () => t.app(req, res)));
  await new Promise<void>((ok) => server.listen(0, '127.0.0.1', ok));
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const call: AuthzWorld['call'] = async (token, method, path, body) => {
    const headers: Record<string, string> = { Accept: 'application/fhir+json' };
    if (token !== undefined) headers['Authorization'] = `Bearer ${token}`;
    if (body !== undefined) headers['Content-Type'] = Array.isArray(body) ? 'application/json-patch+json' : 'application/fhir+json';
    const res = await fetch(`${base}/fhir/${path}`, { method, headers, ...(body !== undefined && { body: JSON.stringify(body) }) });
    const text = await res.text();
    return { status: res.status, headers: res.headers, text, body: text === '' ? undefined : (JSON.parse(text) as unknown) };
  };
  const admin = await t.token();
  const shared = [
    { resourceType: 'Practitioner', id: 'dr1', name: [{ family: 'Doc' }] },
    { resourceType: 'Medication', id: 'med1', code: { text: 'salbutamol' } },
    { resourceType: 'Binary', id: 'bin1', contentType: 'text/plain', data: Buffer.from('a document of p2').toString('base64') },
  ];
  for (const r of [...shared, ...patientData('p1', 'Alpha'), ...patientData('p2', 'Beta')]) {
    const res = await call(admin, 'PUT', `${String(r['resourceType'])}/${String(r['id'])}`, r);
    if (res.status !== 201) throw new Error(`seed ${String(r['id'])}: ${res.status} ${res.text}`);
  }
  return {
    t, base, call,
    async token(scope, context = {}) {
      const issued = await t.auth.tokens.issue('authz-test-app', parseScopes(scope), {
        ...(context.patient !== undefined && { patient: context.patient }),
        ...(context.fhirUser !== undefined && { fhirUser: context.fhirUser, subject: `user-${context.fhirUser}` }),
      });
      return issued.accessToken;
    },
    async close() {
      await new Promise((ok) => server.close(ok));
      await t.close();
    },
  };
}

/** Ids of the resources in a response: the resource's own, or a bundle's entries (sorted, outcomes left out). */
export function idsOf(body: unknown): string[] | undefined {
  const b = body as { resourceType?: string; id?: string; entry?: { resource?: { resourceType?: string; id?: string } }[] } | undefined;
  if (b?.resourceType !== 'Bundle') return b?.id === undefined ? undefined : [b.id];
  return (b.entry ?? []).map((e) => e.resource).filter((r) => r !== undefined && r.resourceType !== 'OperationOutcome').map((r) => r?.id ?? '').sort();
}
