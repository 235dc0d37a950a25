/**
 * System files: one `<format>.ndjson` per imported code system under `DATA_DIR/terminology/`. Line 1
 * is the ImportedSystemHeader, every further line one flat `CodeSystem.concept` (ready to use as read,
 * so first use pays only JSON.parse). Written through a temporary file
 * and a rename (a reader never sees half a file); read back in chunks, line by line.
 * https://github.com/ndjson/ndjson-spec
 */
import { closeSync, createWriteStream, openSync, readdirSync, readSync, renameSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { StringDecoder } from 'node:string_decoder';
import { unprocessable } from '../../core/outcomes.js';
import type { CodeSystemConcept, CodeSystemConceptProperty, Coding } from 'fhir/r4.js';
import { drain, type Steps } from '../local/resumable.js';
import { isImportFormat, propertyTypes, toConcept, type ImportedConcept, type ImportedSystemHeader } from './imported-system.js';

const SUFFIX = '.ndjson';
const CHUNK = 1 << 20;

/** The folder of imported systems under DATA_DIR. */
export function importedTerminologyDir(dataDir: string): string {
  return join(dataDir, 'terminology');
}

/** The file holding the system imported from `format`. */
export function systemFilePath(dir: string, format: string): string {
  return join(dir, format + SUFFIX);
}

/** Writes (replaces) the system file for `header.format`; answers its path. */
export async function writeSystemFile(dir: string, header: ImportedSystemHeader, concepts: readonly ImportedConcept[]): Promise<string> {
  const path = systemFilePath(dir, header.format);
  const tmp = `${path}.${process.pid}.tmp`;
  const out = createWriteStream(tmp, { encoding: 'utf8' });
  const write = (line: string): Promise<void> | undefined =>
    out.write(line + '\n') ? undefined : new Promise((ok) => out.once('drain', () => ok()));
  try {
    await write(JSON.stringify(header));
    const types = propertyTypes(header);
    let batch = '';
    for (const c of concepts) {
      batch += JSON.stringify(toConcept(c, types)) + '\n';
      if (batch.length > CHUNK) {
        await write(batch.slice(0, -1));
        batch = '';
      }
    }
    if (batch !== '') await write(batch.slice(0, -1));
    await new Promise<void>((ok, fail) => out.end((e?: Error | null) => (e ? fail(e) : ok())));
  } catch (e) {
    out.destroy();
    rmSync(tmp, { force: true });
    throw e;
  }
  renameSync(tmp, path);
  return path;
}

/** Calls `onLine` for every non-empty line of `path` until it answers false (synchronous, chunked). */
export function forEachLineSync(path: string, onLine: (line: string) => unknown): void {
  const fd = openSync(path, 'r');
  try {
    const buf = Buffer.allocUnsafe(CHUNK);
    const decoder = new StringDecoder('utf8');
    let rest = '';
    for (let n = readSync(fd, buf, 0, CHUNK, null); n > 0; n = readSync(fd, buf, 0, CHUNK, null)) {
      const text = rest + decoder.write(buf.subarray(0, n));
      let start = 0;
      for (let nl = text.indexOf('\n'); nl >= 0; nl = text.indexOf('\n', start)) {
        const line = text.slice(start, nl);
        start = nl + 1;
        if (line !== '' && onLine(line) === false) return;
      }
      rest = text.slice(start);
    }
    rest += decoder.end();
    if (rest !== '') onLine(rest);
  } finally {
    closeSync(fd);
  }
}

/** The header (line 1) of a system file; 'processing' error when it is not one. */
export function readSystemHeader(path: string): ImportedSystemHeader {
  let header: ImportedSystemHeader | undefined;
  forEachLineSync(path, (line) => {
    header = parseHeader(line, path);
    return false;
  });
  if (header === undefined) throw unprocessable(`${path} is empty`);
  return header;
}

/**
 * The header and every concept of a system file. Equal property values and designation uses are
 * shared between concepts (LOINC's 100,000 codes carry a few thousand distinct axis values), which
 * roughly halves the heap they take; nothing mutates them.
 */
export function readSystemFile(path: string): { header: ImportedSystemHeader; concepts: CodeSystemConcept[] } {
  return drain(readSystemFileSteps(path));
}

/** Bytes read (and parsed) between two yields of `readSystemFileSteps`. */
const READ_STEP = 1 << 16;

/**
 * `readSystemFile` as resumable steps (one per 64 KB read; see local/resumable.ts). The lines of a
 * chunk are parsed as one JSON array: one JSON.parse per chunk instead of one per concept.
 */
export function* readSystemFileSteps(path: string): Steps<{ header: ImportedSystemHeader; concepts: CodeSystemConcept[] }> {
  let header: ImportedSystemHeader | undefined;
  const concepts: CodeSystemConcept[] = [];
  const interner = new ValueInterner();
  const take = (lines: string): void => {
    if (header === undefined) {
      const nl = lines.indexOf('\n');
      header = parseHeader(nl < 0 ? lines : lines.slice(0, nl), path);
      if (nl < 0) return;
      lines = lines.slice(nl + 1);
    }
    if (lines === '') return;
    const batch = lines.includes('\n\n') ? lines.split('\n').filter((l) => l.trim() !== '') : undefined;
    const parsed = JSON.parse(`[${batch === undefined ? lines.replaceAll('\n', ',') : batch.join(',')}]`) as CodeSystemConcept[];
    for (const c of parsed) {
      if (c.property !== undefined) for (let i = 0; i < c.property.length; i++) c.property[i] = interner.property(c.property[i] as CodeSystemConceptProperty);
      if (c.designation !== undefined) for (const d of c.designation) if (d.use !== undefined) d.use = interner.use(d.use);
      concepts.push(c);
    }
  };
  const fd = openSync(path, 'r');
  try {
    const buf = Buffer.allocUnsafe(READ_STEP);
    const decoder = new StringDecoder('utf8');
    let rest = '';
    for (let n = readSync(fd, buf, 0, READ_STEP, null); n > 0; n = readSync(fd, buf, 0, READ_STEP, null)) {
      const text = rest + decoder.write(buf.subarray(0, n));
      const last = text.lastIndexOf('\n');
      if (last >= 0) {
        take(text.slice(0, last));
        rest = text.slice(last + 1);
      } else {
        rest = text;
      }
      yield;
    }
    rest += decoder.end();
    if (rest.trim() !== '') take(rest);
  } catch (e) {
    if (e instanceof SyntaxError) throw unprocessable(`${path}: not a system file (${e.message})`);
    throw e;
  } finally {
    closeSync(fd);
  }
  if (header === undefined) throw unprocessable(`${path} is empty`);
  return { header, concepts };
}

/** Shares equal property values and designation uses between the concepts of one file. */
class ValueInterner {
  /** Per value kind (code, string, boolean, integer, decimal): property code → value → the shared object. */
  private readonly kinds = [0, 1, 2, 3, 4].map(() => new Map<string, Map<string | number | boolean, CodeSystemConceptProperty>>());
  private readonly uses = new Map<string, Coding>();

  property(p: CodeSystemConceptProperty): CodeSystemConceptProperty {
    let kind: number;
    let value: string | number | boolean;
    if (p.valueCode !== undefined) [kind, value] = [0, p.valueCode];
    else if (p.valueString !== undefined) [kind, value] = [1, p.valueString];
    else if (p.valueBoolean !== undefined) [kind, value] = [2, p.valueBoolean];
    else if (p.valueInteger !== undefined) [kind, value] = [3, p.valueInteger];
    else if (p.valueDecimal !== undefined) [kind, value] = [4, p.valueDecimal];
    else return p;
    const byCode = this.kinds[kind] as Map<string, Map<string | number | boolean, CodeSystemConceptProperty>>;
    let values = byCode.get(p.code);
    if (values === undefined) byCode.set(p.code, (values = new Map()));
    const hit = values.get(value);
    if (hit !== undefined) return hit;
    values.set(value, p);
    return p;
  }

  use(c: Coding): Coding {
    const key = `${c.system ?? ''}|${c.code ?? ''}|${c.display ?? ''}`;
    const hit = this.uses.get(key);
    if (hit !== undefined) return hit;
    this.uses.set(key, c);
    return c;
  }
}

/** The system files in `dir` (none when the folder does not exist). */
export function listSystemFiles(dir: string): string[] {
  let names: string[];
  try {
    names = readdirSync(dir);
  } catch {
    return [];
  }
  return names.filter((n) => n.endsWith(SUFFIX) && isImportFormat(n.slice(0, -SUFFIX.length))).sort().map((n) => join(dir, n));
}

function parseHeader(line: string, path: string): ImportedSystemHeader {
  const h: unknown = JSON.parse(line);
  if (typeof h !== 'object' || h === null) throw unprocessable(`${path}: line 1 is not a system header`);
  const { format, url, name } = h as Record<string, unknown>;
  if (typeof format !== 'string' || !isImportFormat(format) || typeof url !== 'string' || typeof name !== 'string') {
    throw unprocessable(`${path}: line 1 is not a system header`);
  }
  return h as ImportedSystemHeader;
}
