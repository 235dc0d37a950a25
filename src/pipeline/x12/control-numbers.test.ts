import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { MAX_CONTROL_NUMBER, X12ControlNumbers } from './control-numbers.js';

const A = { sender: 'ZZ:LYFEAI', receiver: 'ZZ:CLEARINGHOUSE' };
const B = { sender: 'ZZ:LYFEAI', receiver: '30:PAYER' };

let dirs: string[] = [];
const fileIn = (): string => {
  const dir = mkdtempSync(join(tmpdir(), 'lyfe-x12-cn-'));
  dirs.push(dir);
  return join(dir, 'x12-control-numbers.json');
};
afterEach(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
  dirs = [];
});

describe('X12ControlNumbers', () => {
  it('counts from 1 per pair, interchanges and groups separately', () => {
    const c = X12ControlNumbers.inMemory();
    expect([c.interchange(A), c.interchange(A), c.interchange(B), c.interchange(A)]).toEqual([1, 2, 1, 3]);
    expect([c.group(A), c.group(A)]).toEqual([1, 2]);
  });

  it('keeps increasing across a restart (the reserved block is skipped, never reused)', () => {
    const path = fileIn();
    const first = X12ControlNumbers.open(path, { block: 10 });
    const before = [first.interchange(A), first.interchange(A), first.interchange(A)];
    expect(before).toEqual([1, 2, 3]);
    const restarted = X12ControlNumbers.open(path, { block: 10 });
    const after = restarted.interchange(A);
    expect(after).toBeGreaterThan(3);
    expect(restarted.interchange(A)).toBe(after + 1);
    // Another pair is independent of A's history.
    expect(restarted.interchange(B)).toBe(1);
  });

  it('reserves the next block durably before handing out its first number', () => {
    const path = fileIn();
    const c = X12ControlNumbers.open(path, { block: 2 });
    c.interchange(A);
    expect(JSON.parse(readFileSync(path, 'utf8'))).toEqual({ 'isa|ZZ:LYFEAI>ZZ:CLEARINGHOUSE': 3 });
    c.interchange(A);
    c.interchange(A);
    expect(JSON.parse(readFileSync(path, 'utf8'))).toEqual({ 'isa|ZZ:LYFEAI>ZZ:CLEARINGHOUSE': 5 });
  });

  it('wraps after 999999999 back to 1', () => {
    const path = fileIn();
    writeFileSync(path, JSON.stringify({ 'isa|ZZ:LYFEAI>ZZ:CLEARINGHOUSE': MAX_CONTROL_NUMBER - 1 }));
    const c = X12ControlNumbers.open(path, { block: 5 });
    expect([c.interchange(A), c.interchange(A), c.interchange(A)]).toEqual([MAX_CONTROL_NUMBER - 1, MAX_CONTROL_NUMBER, 1]);
    expect(X12ControlNumbers.open(path).interchange(A)).toBe(4);
  });

  it('ignores values that cannot be control numbers in the file', () => {
    const path = fileIn();
    writeFileSync(path, JSON.stringify({ 'isa|ZZ:LYFEAI>ZZ:CLEARINGHOUSE': -4, 'isa|ZZ:LYFEAI>30:PAYER': 'x' }));
    const c = X12ControlNumbers.open(path);
    expect([c.interchange(A), c.interchange(B)]).toEqual([1, 1]);
  });
});
