import { describe, it, expect } from 'vitest';
import { searchText, textMatcher } from './text-match.js';
import { WordIndex } from './word-index.js';

const displays = ['Heart rate', 'Heart rate variability', 'Respiratory rate', 'Hématocrite', 'Rate of heart', '', 'heartbeat'];
const texts = displays.map((d) => searchText([d]));
const index = WordIndex.build(texts);

describe('WordIndex', () => {
  it.each([
    ['hea', [0, 1, 4, 6]],
    ['heart rate', [0, 1, 4]],
    ['RATE hea', [0, 1, 4]],
    ['hemato', [3]],
    ['var', [1]],
    ['eart', []],
    ['zzz', []],
    ['rate rate', [0, 1, 2, 4]],
    ['', [0, 1, 2, 3, 4, 5, 6]],
  ])('"%s" → %j, as the scanning matcher says', (filter, expected) => {
    expect(index.match(filter)).toEqual(expected);
    const scan = textMatcher(filter);
    expect(texts.flatMap((t, i) => (scan(t) ? [i] : []))).toEqual(expected);
  });
});
