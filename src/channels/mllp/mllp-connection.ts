/**
 * One MLLP connection: frames in, ACK frames out in the order the frames arrived (a sender pipelining
 * several messages gets their answers in order), with backpressure (the socket is paused while too
 * many frames wait for their answer) and an idle timeout that never cuts a connection with answers
 * still due. Framing faults are logged without content: an oversize frame is answered with a NAK, an
 * unterminated frame or bytes between frames are dropped.
 * https://www.hl7.org/documentcenter/public/wg/inm/mllp_transport_specification.PDF
 */
import type { Socket } from 'node:net';
import iconv from 'iconv-lite';
import type { Logger } from '../../log/logger.js';
import type { StoredAck } from '../../ports/inbox.js';
import { MllpFrameDecoder, type MllpEvent } from './frame-decoder.js';
import { encodeMllpFrame } from './frame-encoder.js';

/** What the listener hands each frame to (the pipeline). */
export interface MllpHandler {
  /** Receives one frame's payload; `send` is called with each ACK to send; resolves when finished. */
  receive(payload: Buffer, source: { readonly channel: 'mllp'; readonly origin: string }, send: (ack: StoredAck) => void): Promise<void>;
  /** The NAK of a frame that could not be delivered (too large). */
  nak(detail: string): StoredAck;
}

/** Per-connection limits. */
export interface MllpConnectionLimits {
  readonly maxFrameBytes: number;
  readonly idleTimeoutMs: number;
  /** Frames waiting for their answer before the socket is paused. */
  readonly maxPendingFrames: number;
}

interface Slot {
  readonly acks: StoredAck[];
  done: boolean;
}

/** ACK text → bytes in the message's encoding. */
function encodeAck(ack: StoredAck): Buffer {
  if (ack.encoding === 'utf8' || ack.encoding === 'latin1') return Buffer.from(ack.text, ack.encoding);
  return iconv.encodingExists(ack.encoding) ? iconv.encode(ack.text, ack.encoding) : Buffer.from(ack.text, 'utf8');
}

/** Serves one socket until it closes. */
export class MllpConnection {
  readonly #socket: Socket;
  readonly #decoder: MllpFrameDecoder;
  readonly #slots: Slot[] = [];
  readonly #origin: string;
  #pending = 0;
  #paused = false;
  #ended = false;
  #garbageBytes = 0;

  constructor(
    socket: Socket,
    private readonly handler: MllpHandler,
    private readonly limits: MllpConnectionLimits,
    private readonly logger: Logger,
    private readonly onClosed: (c: MllpConnection) => void,
  ) {
    this.#socket = socket;
    this.#origin = `mllp:${socket.remoteAddress ?? 'unknown'}`;
    this.#decoder = new MllpFrameDecoder({ maxFrameBytes: limits.maxFrameBytes });
    socket.setNoDelay(true);
    socket.setTimeout(limits.idleTimeoutMs);
    socket.on('data', (chunk: Buffer) => this.#onData(chunk));
    socket.on('end', () => this.#onEnd());
    socket.on('timeout', () => this.#onTimeout());
    socket.on('error', (e: NodeJS.ErrnoException) => this.logger.info('mllp connection error', { origin: this.#origin, code: e.code ?? e.name }));
    socket.on('close', () => {
      if (this.#garbageBytes > 0) this.logger.warn('mllp bytes outside frames dropped', { origin: this.#origin, bytes: this.#garbageBytes });
      this.onClosed(this);
    });
  }

  /** Frames received and not yet answered. */
  get pending(): number {
    return this.#pending;
  }

  /** Ends the connection once every due answer is written (graceful shutdown). */
  endWhenIdle(): void {
    this.#ended = true;
    this.#maybeEnd();
  }

  /** Closes at once. */
  destroy(): void {
    this.#socket.destroy();
  }

  #onData(chunk: Buffer): void {
    let events: MllpEvent[];
    try {
      events = this.#decoder.push(chunk);
    } catch (e) {
      this.logger.error('mllp decoder failed', { origin: this.#origin, err: e });
      this.#socket.destroy();
      return;
    }
    for (const ev of events) this.#onEvent(ev);
    if (this.#pending >= this.limits.maxPendingFrames && !this.#paused) {
      this.#paused = true;
      this.#socket.pause();
    }
  }

  #onEvent(ev: MllpEvent): void {
    switch (ev.type) {
      case 'frame': {
        const slot: Slot = { acks: [], done: false };
        this.#slots.push(slot);
        this.#pending++;
        void this.handler.receive(ev.payload, { channel: 'mllp', origin: this.#origin }, (ack) => {
          slot.acks.push(ack);
          this.#flush();
        }).catch((e: unknown) => this.logger.error('mllp frame handling failed', { origin: this.#origin, err: e })).finally(() => {
          slot.done = true;
          this.#pending--;
          this.#flush();
          if (this.#paused && this.#pending < this.limits.maxPendingFrames) {
            this.#paused = false;
            this.#socket.resume();
          }
          this.#maybeEnd();
        });
        break;
      }
      case 'oversize':
        this.logger.warn('mllp frame larger than MLLP_MAX_FRAME_BYTES dropped', { origin: this.#origin, offset: ev.offset, maxFrameBytes: ev.maxFrameBytes });
        this.#slots.push({ acks: [this.handler.nak(`message larger than ${ev.maxFrameBytes} bytes; not accepted`)], done: true });
        this.#flush();
        break;
      case 'unterminated':
        this.logger.warn('mllp frame without end block dropped', { origin: this.#origin, offset: ev.offset, bytes: ev.length });
        break;
      case 'garbage':
        this.#garbageBytes += ev.length;
        break;
      default:
        ev satisfies never;
    }
  }

  /** Writes the answers due, in frame order. */
  #flush(): void {
    while (this.#slots.length > 0) {
      const head = this.#slots[0];
      if (head === undefined) break;
      for (const ack of head.acks.splice(0)) this.#write(ack);
      if (!head.done) break;
      this.#slots.shift();
    }
  }

  #write(ack: StoredAck): void {
    if (this.#socket.destroyed || !this.#socket.writable) {
      this.logger.warn('mllp ack not sent: connection closed', { origin: this.#origin, code: ack.code });
      return;
    }
    try {
      this.#socket.write(encodeMllpFrame(encodeAck(ack)));
    } catch (e) {
      this.logger.error('mllp ack could not be framed', { origin: this.#origin, error: e instanceof Error ? e.message : String(e) });
    }
  }

  #onEnd(): void {
    for (const ev of this.#decoder.end()) this.#onEvent(ev);
    this.#ended = true;
    this.#maybeEnd();
  }

  #onTimeout(): void {
    if (this.#pending > 0) return; // answers are still due: not idle
    if (this.#ended) {
      this.#socket.destroy(); // the peer did not close its side after ours
      return;
    }
    this.logger.info('mllp connection idle; closed', { origin: this.#origin, idleTimeoutMs: this.limits.idleTimeoutMs });
    this.#ended = true;
    this.#maybeEnd();
  }

  #maybeEnd(): void {
    if (this.#ended && this.#pending === 0 && this.#slots.length === 0 && !this.#socket.destroyed) this.#socket.end();
  }
}
