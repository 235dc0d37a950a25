/**
 * TEST / BENCH ONLY: a minimal MLLP client over a real socket: writes raw bytes (framed or not) and
 * collects the ACK frames it receives.
 */
import { connect, type Socket } from 'node:net';
import { connect as tlsConnect, type ConnectionOptions } from 'node:tls';
import { MllpFrameDecoder } from './frame-decoder.js';

/** A connected client. */
export class MllpTestClient {
  readonly frames: string[] = [];
  #waiters: Array<{ n: number; resolve: () => void }> = [];
  #closed: Promise<void>;

  private constructor(readonly socket: Socket) {
    const decoder = new MllpFrameDecoder({ maxFrameBytes: 16 * 1024 * 1024 });
    socket.on('data', (chunk: Buffer) => {
      for (const ev of decoder.push(chunk)) if (ev.type === 'frame') this.frames.push(ev.payload.toString('latin1'));
      this.#wake();
    });
    socket.on('error', () => undefined);
    this.#closed = new Promise((resolve) => socket.on('close', () => {
      this.#wake(true);
      resolve();
    }));
  }

  #wake(all = false): void {
    this.#waiters = this.#waiters.filter((w) => {
      if (all || this.frames.length >= w.n) {
        w.resolve();
        return false;
      }
      return true;
    });
  }

  /** Connects (TLS when `tls` is given). */
  static connect(port: number, tls?: ConnectionOptions): Promise<MllpTestClient> {
    return new Promise((resolve, reject) => {
      const socket = tls === undefined
        ? connect({ port, host: '127.0.0.1' }, () => resolve(new MllpTestClient(socket)))
        : tlsConnect({ port, host: '127.0.0.1', ...tls }, () => resolve(new MllpTestClient(socket)));
      socket.once('error', reject);
    });
  }

  /** Writes raw bytes. */
  write(bytes: Buffer | string): void {
    this.socket.write(typeof bytes === 'string' ? Buffer.from(bytes, 'latin1') : bytes);
  }

  /** Resolves once `n` ACK frames arrived in total (or the socket closed); returns them. */
  async waitFor(n: number): Promise<string[]> {
    if (this.frames.length < n && !this.socket.destroyed) await new Promise<void>((resolve) => this.#waiters.push({ n, resolve }));
    return this.frames.slice(0, n);
  }

  /** Resolves when the server closed the connection. */
  closed(): Promise<void> {
    return this.#closed;
  }

  end(): Promise<void> {
    this.socket.end();
    return this.#closed;
  }
}
