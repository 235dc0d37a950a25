/**
 * Finding a distribution's files: the path given may be the file itself or a folder (searched
 * recursively) holding files whose names match a pattern.
 */
import { readdirSync, statSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { notFound } from '../../core/outcomes.js';

/** Files under `dir` (recursively) whose name matches `pattern`, sorted. */
function findAll(dir: string, pattern: RegExp): string[] {
  const out: string[] = [];
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, e.name);
    if (e.isDirectory()) out.push(...findAll(p, pattern));
    else if (pattern.test(e.name)) out.push(p);
  }
  return out.sort();
}

/**
 * The file matching `pattern` for `path`: `path` itself when it is a file (its folder is then searched
 * for siblings), else the first match under the folder. Undefined when none and `optional`; else 404.
 */
export function releaseFile(path: string, pattern: RegExp, what: string, optional: true): string | undefined;
export function releaseFile(path: string, pattern: RegExp, what: string, optional?: false): string;
export function releaseFile(path: string, pattern: RegExp, what: string, optional = false): string | undefined {
  let isDir: boolean;
  try {
    isDir = statSync(path).isDirectory();
  } catch {
    throw notFound(`${path} does not exist`);
  }
  if (!isDir && pattern.test(basename(path))) return path;
  const found = findAll(isDir ? path : dirname(path), pattern)[0];
  if (found === undefined && !optional) throw notFound(`No ${what} (${pattern.source}) in ${path}`);
  return found;
}
