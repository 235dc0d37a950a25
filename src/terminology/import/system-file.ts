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
import type { CodeSystemConcept, CodeSystemConceptProperty } from 'fhir/r4.js';
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
  let header: ImportedSystemHeader | undefined;
  const concepts: CodeSystemConcept[] = [];
  const shared = new Map<string, object>();
  const intern = <T extends object>(key: string, value: T): T => {
    const hit = shared.get(key) as T | undefined;
    if (hit !== undefined) return hit;
    shared.set(key, value);
    return value;
  };
  forEachLineSync(path, (line) => {
    if (header === undefined) {
      header = parseHeader(line, path);
      return;
    }
    const c = JSON.parse(line) as CodeSystemConcept;
    if (c.property !== undefined) c.property = c.property.map((p) => intern(propertyKey(p), p));
    if (c.designation !== undefined) {
      for (const d of c.designation) if (d.use !== undefined) d.use = intern(`u${d.use.system ?? ''}|${d.use.code ?? ''}|${d.use.display ?? ''}`, d.use);
    }
    concepts.push(c);
  });
  if (header === undefined) throw unprocessable(`${path} is empty`);
  return { header, concepts };
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

/** A key equal for equal property values (the value kinds system files hold). */
function propertyKey(p: CodeSystemConceptProperty): string {
  if (p.valueCode !== undefined) return `p${p.code}\u0000c${p.valueCode}`;
  if (p.valueString !== undefined) return `p${p.code}\u0000s${p.valueString}`;
  if (p.valueBoolean !== undefined) return `p${p.code}\u0000b${p.valueBoolean}`;
  if (p.valueInteger !== undefined) return `p${p.code}\u0000i${p.valueInteger}`;
  if (p.valueDecimal !== undefined) return `p${p.code}\u0000d${p.valueDecimal}`;
  return `p${JSON.stringify(p)}`;
}
