/**
 * Atomic, private file writes: write a temp file with mode 0600 in the same directory, then rename.
 * A crash leaves either the old or the new content, never a torn file.
 */
import { mkdir, rename, writeFile, chmod } from 'node:fs/promises';
import { dirname, join, basename } from 'node:path';
import { randomBytes } from 'node:crypto';

/** Writes `content` to `path` atomically with file mode 0600, creating the directory if needed. */
export async function writeFileAtomic(path: string, content: string): Promise<void> {
  const dir = dirname(path);
  await mkdir(dir, { recursive: true });
  const tmp = join(dir, `.${basename(path)}.${randomBytes(6).toString('hex')}.tmp`);
  await writeFile(tmp, content, { mode: 0o600, flag: 'wx' });
  await chmod(tmp, 0o600);
  await rename(tmp, path);
}
