/**
 * Streams a text file line by line (never the whole file as one string) and reports the bytes read to
 * an ImportProgress. UTF-8 by default; a UTF-16LE byte-order mark switches to UTF-16LE; BOMs are dropped.
 */
import { closeSync, createReadStream, openSync, readSync, statSync } from 'node:fs';
import { basename } from 'node:path';
import { createInterface } from 'node:readline';
import type { ImportProgress } from './progress.js';

/** The encoding told by the file's byte-order mark (UTF-8 when none). */
function encodingOf(path: string): BufferEncoding {
  const fd = openSync(path, 'r');
  try {
    const bom = Buffer.alloc(2);
    const n = readSync(fd, bom, 0, 2, 0);
    return n === 2 && bom[0] === 0xff && bom[1] === 0xfe ? 'utf16le' : 'utf8';
  } finally {
    closeSync(fd);
  }
}

/** The lines of `path` (CR LF or LF, without the line end). `rows` counts lines for the progress rate. */
export async function* readLines(path: string, progress: ImportProgress): AsyncGenerator<string> {
  const total = statSync(path).size;
  const stream = createReadStream(path, { highWaterMark: 1 << 20 });
  stream.setEncoding(encodingOf(path));
  const lines = createInterface({ input: stream, crlfDelay: Infinity });
  progress.start(basename(path), total);
  let rows = 0;
  try {
    for await (const raw of lines) {
      const line = rows === 0 && raw.charCodeAt(0) === 0xfeff ? raw.slice(1) : raw;
      rows++;
      if ((rows & 0x3ff) === 0) progress.update(stream.bytesRead, rows);
      yield line;
    }
  } finally {
    lines.close();
    stream.destroy();
  }
  progress.update(total, rows);
  progress.end();
}
