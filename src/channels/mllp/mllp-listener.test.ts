/** The MLLP listener over real TCP (and TLS) sockets, with a recording handler standing in for the pipeline. */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { silentLogger } from '../../log/logger.js';
import type { StoredAck } from '../../ports/inbox.js';
import { encodeMllpFrame } from './frame-encoder.js';
import type { MllpHandler } from './mllp-connection.js';
import { MllpListener, parseAllowlist, type MllpListenerOptions } from './mllp-listener.js';
import { MllpTestClient } from './mllp-test-client.js';

const ack = (text: string): StoredAck => ({ code: 'AA', text, encoding: 'utf8' });

/** Answers `ACK:<payload>`; a payload starting with `SLOW` is answered after 50 ms. */
function handler(seen: string[] = []): MllpHandler {
  return {
    async receive(payload, source, send) {
      const text = payload.toString('latin1');
      seen.push(`${source.origin} ${text}`);
      if (text.startsWith('SLOW')) await new Promise((r) => setTimeout(r, 50));
      send(ack(`ACK:${text}`));
    },
    nak: (detail) => ({ code: 'AR', text: `NAK:${detail}`, encoding: 'utf8' }),
  };
}

const BASE: MllpListenerOptions = { host: '127.0.0.1', port: 0, maxConnections: 10, maxFrameBytes: 1000, idleTimeoutMs: 10_000, maxPendingFrames: 4 };
const frame = (s: string): Buffer => encodeMllpFrame(s);

let listener: MllpListener | undefined;
const clients: MllpTestClient[] = [];
async function start(options: Partial<MllpListenerOptions> = {}, h: MllpHandler = handler()): Promise<MllpListener> {
  listener = await MllpListener.start({ ...BASE, ...options }, h, silentLogger());
  return listener;
}
async function client(port = listener?.port ?? 0): Promise<MllpTestClient> {
  const c = await MllpTestClient.connect(port);
  clients.push(c);
  return c;
}
afterEach(async () => {
  for (const c of clients.splice(0)) c.socket.destroy();
  await listener?.close(100);
  listener = undefined;
});

describe('MllpListener framing', () => {
  it('answers several messages sent in one chunk, in order', async () => {
    await start();
    const c = await client();
    c.write(Buffer.concat([frame('A'), frame('B'), frame('C')]));
    expect(await c.waitFor(3)).toEqual(['ACK:A', 'ACK:B', 'ACK:C']);
  });

  it('reassembles one message split over many chunks', async () => {
    await start();
    const c = await client();
    const bytes = frame('MSH|^~\\&|one message in many chunks');
    for (const b of bytes) {
      c.write(Buffer.from([b]));
      await new Promise((r) => setImmediate(r));
    }
    expect(await c.waitFor(1)).toEqual(['ACK:MSH|^~\\&|one message in many chunks']);
  });

  it('keeps answers in frame order when an earlier message is slower', async () => {
    await start();
    const c = await client();
    c.write(Buffer.concat([frame('SLOW1'), frame('fast2'), frame('fast3')]));
    expect(await c.waitFor(3)).toEqual(['ACK:SLOW1', 'ACK:fast2', 'ACK:fast3']);
  });

  it('answers an oversize frame with a NAK, drops garbage and unterminated frames, and keeps serving', async () => {
    await start({ maxFrameBytes: 10 });
    const c = await client();
    c.write(Buffer.concat([frame('x'.repeat(11)), Buffer.from('garbage\r\n'), Buffer.from('\x0bunterm', 'latin1'), frame('ok')]));
    expect(await c.waitFor(2)).toEqual(['NAK:message larger than 10 bytes; not accepted', 'ACK:ok']);
  });

  it('pauses a connection with too many unanswered frames and answers them all', async () => {
    await start({ maxPendingFrames: 2 });
    const c = await client();
    const names = Array.from({ length: 10 }, (_, i) => `SLOW${i}`);
    c.write(Buffer.concat(names.map(frame)));
    expect(await c.waitFor(10)).toEqual(names.map((n) => `ACK:${n}`));
  });

  it('answers what was sent before the peer half-closed, then closes', async () => {
    await start();
    const c = await client();
    c.write(frame('SLOW-last'));
    c.socket.end();
    expect(await c.waitFor(1)).toEqual(['ACK:SLOW-last']);
    await c.closed();
  });
});

describe('MllpListener limits', () => {
  it('closes an idle connection', async () => {
    await start({ idleTimeoutMs: 100 });
    const c = await client();
    await c.closed();
    await vi.waitFor(() => expect(listener?.connections).toBe(0));
  });

  it('refuses connections beyond MLLP_MAX_CONNECTIONS', async () => {
    await start({ maxConnections: 1 });
    const first = await client();
    first.write(frame('A'));
    await first.waitFor(1);
    const second = await client();
    await second.closed();
    first.write(frame('B'));
    expect(await first.waitFor(2)).toEqual(['ACK:A', 'ACK:B']);
  });

  it('refuses addresses outside MLLP_ALLOWLIST and serves those inside', async () => {
    const seen: string[] = [];
    await start({ allowlist: ['10.0.0.0/8'] }, handler(seen));
    const refused = await client();
    refused.write(frame('A'));
    await refused.closed();
    expect(seen).toEqual([]);
    await listener?.close(100);
    await start({ allowlist: ['10.0.0.0/8', '127.0.0.1'] }, handler(seen));
    const ok = await client();
    ok.write(frame('B'));
    expect(await ok.waitFor(1)).toEqual(['ACK:B']);
  });

  it.each([['not-an-ip'], ['10.0.0.0/33'], ['::1/200']])('rejects the allowlist item %s', (item) => {
    expect(() => parseAllowlist([item])).toThrow(RangeError);
  });

  it('close() lets pending answers go out first', async () => {
    await start();
    const c = await client();
    c.write(frame('SLOW-at-shutdown'));
    await new Promise((r) => setTimeout(r, 10));
    const closing = listener?.close(5_000);
    expect(await c.waitFor(1)).toEqual(['ACK:SLOW-at-shutdown']);
    await closing;
    listener = undefined;
  });
});

describe('MllpListener over TLS', () => {
  let dir: string;
  let pem: { key: Buffer; cert: Buffer; clientKey: Buffer; clientCert: Buffer };
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'mllp-tls-'));
    const ssl = (...args: string[]): void => void execFileSync('openssl', args, { cwd: dir, stdio: 'ignore' });
    ssl('req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256', '-nodes', '-keyout', 'ca.key', '-out', 'ca.pem', '-days', '2', '-subj', '/CN=test-ca');
    for (const name of ['server', 'client']) {
      ssl('req', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256', '-nodes', '-keyout', `${name}.key`, '-out', `${name}.csr`, '-subj', `/CN=${name === 'server' ? '127.0.0.1' : 'client'}`);
      ssl('x509', '-req', '-in', `${name}.csr`, '-CA', 'ca.pem', '-CAkey', 'ca.key', '-CAcreateserial', '-out', `${name}.pem`, '-days', '2',
        ...(name === 'server' ? ['-extfile', writeExt(dir)] : []));
    }
    const read = (f: string): Buffer => readFileSync(join(dir, f));
    pem = { key: read('server.key'), cert: read('server.pem'), clientKey: read('client.key'), clientCert: read('client.pem') };
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  function writeExt(d: string): string {
    execFileSync('sh', ['-c', `printf 'subjectAltName=IP:127.0.0.1\\n' > ${join(d, 'ext.cnf')}`]);
    return join(d, 'ext.cnf');
  }

  it('serves MLLP over TLS and, with mutual TLS, refuses a client without a certificate', async () => {
    const ca = readFileSync(join(dir, 'ca.pem'));
    await start({ tls: { cert: pem.cert, key: pem.key, ca, requireClientCert: true } });
    const port = listener?.port ?? 0;
    const good = await MllpTestClient.connect(port, { ca, cert: pem.clientCert, key: pem.clientKey });
    clients.push(good);
    good.write(frame('over-tls'));
    expect(await good.waitFor(1)).toEqual(['ACK:over-tls']);
    const anonymous = await MllpTestClient.connect(port, { ca }).catch(() => undefined);
    if (anonymous !== undefined) {
      clients.push(anonymous);
      anonymous.write(frame('no-cert'));
      await anonymous.closed();
      expect(anonymous.frames).toEqual([]);
    }
  });
});
