/**
 * The assembled gateway (startGateway: real translator, code mapper, SQLite inbox and store) over real
 * MLLP and HTTP: an ADT^A01 is acknowledged AA after the commit, its resources are searchable with a
 * Provenance pointing back at the inbox entry, a resend gets the same ACK and changes nothing.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { encodeMllpFrame } from '../../src/channels/mllp/frame-encoder.js';
import { MllpTestClient } from '../../src/channels/mllp/mllp-test-client.js';
import { loadConfig } from '../../src/config/config.js';
import { silentLogger } from '../../src/log/logger.js';
import { startGateway, type RunningGateway } from '../../src/main.js';

const ID = 'hl7-gateway-test';
const SECRET = 'hl7-gateway-test-secret-0123456789';
/** Matters: ADT^A01, MSH-10 GW1, PID-3 E-100^^^HOSP, PV1-19 visit V-100. */
const A01 = 'MSH|^~\\&|EPIC|HOSP|LYFE|GW|20240115123000+0000||ADT^A01^ADT_A01|GW1|P|2.5.1\r' +
  'EVN|A01|20240115123000+0000\rPID|1||E-100^^^HOSP^MR||DOE^JANE||19800101|F\rPV1|1|I|||||||||||||||||V-100^^^HOSP^VN\r';

let gw: RunningGateway;
let dir: string;
let token: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'lyfe-gw-hl7-'));
  gw = await startGateway(loadConfig({
    PORT: '0', MLLP_PORT: '0', HOST: '127.0.0.1', DATA_DIR: dir, BOOTSTRAP_CLIENT_ID: ID, BOOTSTRAP_CLIENT_SECRET: SECRET,
  }), silentLogger());
  const res = await fetch(`${gw.url}/oauth2/token`, {
    method: 'POST',
    headers: { authorization: `Basic ${Buffer.from(`${ID}:${SECRET}`).toString('base64')}`, 'content-type': 'application/x-www-form-urlencoded' },
    body: 'grant_type=client_credentials',
  });
  token = ((await res.json()) as { access_token: string }).access_token;
});
afterAll(async () => {
  await gw.close();
  await rm(dir, { recursive: true, force: true });
});

async function fhir(path: string): Promise<{ total?: number; entry?: Array<{ resource: { id: string; meta: { versionId: string; source?: string } } }> }> {
  const res = await fetch(`${gw.url}/fhir/${path}`, { headers: { authorization: `Bearer ${token}` } });
  expect(res.status).toBe(200);
  return (await res.json()) as never;
}

const msa = (er7: string | undefined): string[] => (er7 ?? '').split('\r').find((s) => s.startsWith('MSA'))?.split('|') ?? [];

describe('HL7 v2 through the assembled gateway', () => {
  it('MLLP: AA after the commit; Patient, Encounter and a Provenance of inbox entry 1 exist', async () => {
    const c = await MllpTestClient.connect(gw.mllpPort);
    c.write(encodeMllpFrame(A01));
    const [ack] = await c.waitFor(1);
    expect(msa(ack).slice(0, 3)).toEqual(['MSA', 'AA', 'GW1']);
    await c.end();
    const patients = await fhir('Patient?identifier=urn:id:HOSP|E-100');
    expect(patients.total).toBe(1);
    expect(patients.entry?.[0]?.resource.meta.source).toBe('urn:lyfeai:inbox:1');
    expect((await fhir('Encounter?identifier=urn:id:HOSP|V-100')).total).toBe(1);
    const prov = await fhir('Provenance?_id=inbox-1');
    expect(prov.total).toBe(1);
  });

  it('HTTP: the same message again gets the stored ACK and writes nothing', async () => {
    const res = await fetch(`${gw.url}/ingest/hl7v2`, { method: 'POST', headers: { authorization: `Bearer ${token}`, 'content-type': 'x-application/hl7-v2+er7' }, body: A01 });
    expect(res.status).toBe(200);
    expect(msa(await res.text()).slice(0, 3)).toEqual(['MSA', 'AA', 'GW1']);
    const patients = await fhir('Patient?identifier=urn:id:HOSP|E-100');
    expect(patients.entry?.[0]?.resource.meta.versionId).toBe('1');
    const list = await fetch(`${gw.url}/admin/api/messages`, { headers: { authorization: `Bearer ${token}` } });
    expect(((await list.json()) as { entries: Array<{ state: string }> }).entries.map((e) => e.state)).toEqual(['done']);
  });
});
