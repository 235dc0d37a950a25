/**
 * Streaming MLLP framing (HL7 v2 Minimal Lower Layer Protocol, release 2): a frame is
 * `0x0B payload 0x1C 0x0D`. Pure: bytes in, events out, no sockets, never throws.
 * - several frames in one chunk and one frame over many chunks give the same events;
 * - a frame larger than `maxFrameBytes` yields one `oversize` event and is dropped up to the next 0x0B;
 * - bytes between frames are reported once per run as `garbage` and skipped;
 * - a frame interrupted by a new 0x0B (or by the end of the stream) is reported as `unterminated`;
 * - 0x1C not followed by 0x0D still ends the frame (senders that omit the CR are common).
 * Offsets are byte offsets in the stream, so events do not depend on how it was chunked.
 * https://www.hl7.org/documentcenter/public/wg/inm/mllp_transport_specification.PDF
 */

/** Start block, end block and trailing carriage return. */
export const MLLP_START = 0x0b;
export const MLLP_END = 0x1c;
export const MLLP_CR = 0x0d;

/** What the decoder found in the stream. */
export type MllpEvent =
  | { readonly type: 'frame'; readonly payload: Buffer; readonly offset: number }
  | { readonly type: 'oversize'; readonly offset: number; readonly maxFrameBytes: number }
  | { readonly type: 'garbage'; readonly offset: number; readonly length: number }
  | { readonly type: 'unterminated'; readonly offset: number; readonly length: number };

type State = 'idle' | 'frame' | 'end-block' | 'discard';

/** Decoder options. */
export interface MllpDecoderOptions {
  /** Largest payload accepted, in bytes (framing bytes excluded). */
  readonly maxFrameBytes: number;
}

/** Stateful decoder for one connection. */
export class MllpFrameDecoder {
  readonly #max: number;
  #state: State = 'idle';
  #pos = 0; // stream offset of the current chunk's first byte
  #frameStart = 0;
  #parts: Buffer[] = [];
  #size = 0;
  #garbageStart = 0;
  #garbage = 0;

  constructor(options: MllpDecoderOptions) {
    this.#max = options.maxFrameBytes;
  }

  #startFrame(offset: number): void {
    this.#state = 'frame';
    this.#frameStart = offset;
    this.#parts = [];
    this.#size = 0;
  }

  #flushGarbage(events: MllpEvent[]): void {
    if (this.#garbage > 0) events.push({ type: 'garbage', offset: this.#garbageStart, length: this.#garbage });
    this.#garbage = 0;
  }

  #emitFrame(events: MllpEvent[]): void {
    const [only] = this.#parts;
    const payload = this.#parts.length === 1 && only !== undefined ? only : Buffer.concat(this.#parts, this.#size);
    events.push({ type: 'frame', payload, offset: this.#frameStart });
    this.#parts = [];
    this.#state = 'idle';
  }

  /** Feeds one chunk; returns the events it completes. The chunk may be reused by the caller afterwards. */
  push(chunk: Uint8Array): MllpEvent[] {
    const buf = Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength);
    const events: MllpEvent[] = [];
    let i = 0;
    while (i < buf.length) {
      switch (this.#state) {
        case 'idle': {
          const sb = buf.indexOf(MLLP_START, i);
          const stop = sb < 0 ? buf.length : sb;
          if (stop > i) {
            if (this.#garbage === 0) this.#garbageStart = this.#pos + i;
            this.#garbage += stop - i;
          }
          if (sb >= 0) {
            this.#flushGarbage(events);
            this.#startFrame(this.#pos + sb);
          }
          i = stop + (sb >= 0 ? 1 : 0);
          break;
        }
        case 'frame': {
          const eb = buf.indexOf(MLLP_END, i);
          const sb = buf.indexOf(MLLP_START, i);
          const stop = Math.min(eb < 0 ? buf.length : eb, sb < 0 ? buf.length : sb);
          if (this.#size + (stop - i) > this.#max) {
            events.push({ type: 'oversize', offset: this.#frameStart, maxFrameBytes: this.#max });
            this.#parts = [];
            this.#state = 'discard';
            i = stop;
            break;
          }
          if (stop > i) {
            this.#parts.push(Buffer.from(buf.subarray(i, stop))); // copy: the caller may reuse the chunk
            this.#size += stop - i;
          }
          if (stop === buf.length) i = stop;
          else if (stop === eb) {
            this.#state = 'end-block';
            i = stop + 1;
          } else {
            events.push({ type: 'unterminated', offset: this.#frameStart, length: this.#size });
            this.#startFrame(this.#pos + stop);
            i = stop + 1;
          }
          break;
        }
        case 'end-block': {
          this.#emitFrame(events);
          if (buf[i] === MLLP_CR) i++;
          break;
        }
        case 'discard': {
          const sb = buf.indexOf(MLLP_START, i);
          if (sb < 0) i = buf.length;
          else {
            this.#startFrame(this.#pos + sb);
            i = sb + 1;
          }
          break;
        }
        default:
          this.#state satisfies never;
      }
    }
    this.#pos += buf.length;
    return events;
  }

  /** Ends the stream: reports a pending frame without end block, or trailing garbage. */
  end(): MllpEvent[] {
    const events: MllpEvent[] = [];
    if (this.#state === 'end-block') this.#emitFrame(events);
    else if (this.#state === 'frame') events.push({ type: 'unterminated', offset: this.#frameStart, length: this.#size });
    this.#flushGarbage(events);
    this.#state = 'idle';
    this.#parts = [];
    return events;
  }
}
