/**
 * Time-ordered resource ids: UUID version 7 (RFC 9562 §5.7): 48 bits of Unix time in ms, a 12-bit
 * counter that keeps ids of one millisecond in order (§6.2 method 1), 62 random bits.
 *
 * Why not random v4 UUIDs: every id lands in the store's B-trees keyed by id — `resources(type, id)`,
 * `history(type, id, version)`, references (`Patient/<id>`) and compartment rows. A random id dirties
 * one random page of each of them per write, which an ingest COMMIT then writes to the WAL; ids that
 * grow with time append to the same few tail pages instead (measured in
 * docs/decisions/sqlite-write-and-paging-performance.md). An id reveals its creation time to the
 * millisecond, which `meta.lastUpdated` of the first version shows anyway.
 * https://www.rfc-editor.org/rfc/rfc9562#section-5.7
 */
import { randomFillSync } from 'node:crypto';

const HEX: readonly string[] = Array.from({ length: 256 }, (_, i) => i.toString(16).padStart(2, '0'));

/** Random bytes drawn in blocks (one native call per 64 ids). */
const pool = Buffer.alloc(512);
let poolAt = pool.length;

function random8(out: Uint8Array, at: number): void {
  if (poolAt + 8 > pool.length) {
    randomFillSync(pool);
    poolAt = 0;
  }
  for (let i = 0; i < 8; i++) out[at + i] = pool[poolAt + i] ?? 0;
  poolAt += 8;
}

/**
 * A generator of UUIDv7 strings, strictly increasing within the process (also when the clock steps
 * back: the last timestamp is kept until the clock passes it).
 * @param now the clock in ms (injectable for tests)
 */
export function createUuidV7(now: () => number = Date.now): () => string {
  let lastMs = -1;
  let counter = 0;
  const b = new Uint8Array(16);
  return () => {
    let ms = now();
    if (ms <= lastMs) {
      ms = lastMs;
      counter++;
      if (counter > 0xfff) {
        // 4,096 ids in one millisecond: borrow the next one.
        ms = lastMs + 1;
        counter = 0;
      }
    } else counter = 0;
    lastMs = ms;
    // 48-bit timestamp, big-endian (Math.floor: 2^48 exceeds 32-bit bit operations).
    const high = Math.floor(ms / 0x1_0000_0000);
    const low = ms >>> 0;
    b[0] = (high >>> 8) & 0xff;
    b[1] = high & 0xff;
    b[2] = (low >>> 24) & 0xff;
    b[3] = (low >>> 16) & 0xff;
    b[4] = (low >>> 8) & 0xff;
    b[5] = low & 0xff;
    b[6] = 0x70 | (counter >>> 8);
    b[7] = counter & 0xff;
    random8(b, 8);
    b[8] = 0x80 | ((b[8] ?? 0) & 0x3f);
    let s = '';
    for (let i = 0; i < 16; i++) {
      if (i === 4 || i === 6 || i === 8 || i === 10) s += '-';
      s += HEX[b[i] ?? 0];
    }
    return s;
  };
}

/** The process-wide UUIDv7 generator (ids for new resources, `urn:uuid:` fullUrls). */
export const uuidV7: () => string = createUuidV7();
