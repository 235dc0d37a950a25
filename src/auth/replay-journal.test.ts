import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { ReplayJournal } from './replay-journal.js';

const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});
function tempFile(): string {
  const dir = mkdtempSync(join(tmpdir(), 'jti-'));
  dirs.push(dir);
  return join(dir, 'sub', 'assertion-jti.log');
}

describe('ReplayJournal', () => {
  let now = 1_800_000_000_000;
  const clock = (): Date => new Date(now);

  it('accepts a key once, then reports replays until it expires', () => {
    const j = ReplayJournal.inMemory(clock);
    const exp = now / 1000 + 300;
    expect(j.claim('c1 a', exp)).toBe('new');
    expect(j.claim('c1 a', exp)).toBe('replay');
    expect(j.claim('c2 a', exp)).toBe('new');
    now += 301_000;
    expect(j.claim('c1 a', now / 1000 + 300)).toBe('new');
  });

  it('refuses new keys when full rather than forgetting live ones', () => {
    const j = ReplayJournal.inMemory(clock, 2);
    const exp = now / 1000 + 300;
    expect([j.claim('a', exp), j.claim('b', exp), j.claim('c', exp), j.claim('a', exp)]).toEqual(['new', 'new', 'full', 'replay']);
  });

  it('survives a restart: live keys are still replays, expired ones are dropped from the file', () => {
    const file = tempFile();
    const first = ReplayJournal.open(file, clock);
    expect(first.claim('c1 short', now / 1000 + 10)).toBe('new');
    expect(first.claim('c1 long', now / 1000 + 300)).toBe('new');
    first.close();
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(readFileSync(file, 'utf8')).not.toContain('c1');

    now += 60_000;
    const second = ReplayJournal.open(file, clock);
    expect(second.claim('c1 long', now / 1000 + 240)).toBe('replay');
    expect(second.claim('c1 short', now / 1000 + 240)).toBe('new');
    second.close();
    expect(readFileSync(file, 'utf8').trim().split('\n')).toHaveLength(2);
  });

  it('skips torn or foreign lines when loading', () => {
    const file = tempFile();
    ReplayJournal.open(file, clock).close();
    const live = `${now / 1000 + 300} ${'h'.repeat(43)}`;
    writeFileSync(file, `garbage\n 123\nNaN x\n${live}\n${now / 1000 + 300}`);
    const j = ReplayJournal.open(file, clock);
    j.close();
    expect(readFileSync(file, 'utf8')).toBe(`${live}\n`);
  });
});
