import { describe, expect, it } from 'vitest';
import { progressBar } from './progress.js';

function recorder(isTTY: boolean): { out: { write(t: string): void; isTTY: boolean }; text(): string } {
  let text = '';
  return { out: { write: (t) => void (text += t), isTTY }, text: () => text };
}

describe('progressBar', () => {
  it('redraws one line on a terminal with bytes, percent and rows/s', () => {
    const rec = recorder(true);
    let t = 0;
    const bar = progressBar(rec.out, () => t);
    bar.start('Loinc.csv', 2 * 1048576);
    t = 1000;
    bar.update(1048576, 5000);
    t = 2000;
    bar.end();
    const frames = rec.text().split('\r');
    expect(frames[1]).toContain(' 50% 1.0/2.0 MB 5,000 rows 5,000 rows/s');
    expect(frames.at(-1)).toMatch(/100% 2\.0\/2\.0 MB 5,000 rows 2,500 rows\/s\n$/);
  });

  it('prints whole lines, seldom, when not on a terminal', () => {
    const rec = recorder(false);
    let t = 0;
    const bar = progressBar(rec.out, () => t);
    bar.start('cvx.txt', 100);
    t = 100;
    bar.update(10, 1); // too soon: nothing
    t = 6000;
    bar.update(50, 5);
    bar.end();
    expect(rec.text().split('\n').filter((l) => l !== '')).toHaveLength(2);
    expect(rec.text()).not.toContain('\r');
  });
});
