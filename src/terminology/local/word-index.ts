/**
 * WordIndex: the folded words of an expansion's items, sorted, each with the items it occurs in, so a
 * word-prefix text filter costs the size of the matching postings instead of a scan of every item.
 * https://hl7.org/fhir/R4/valueset-operation-expand.html (parameter `filter`)
 */
import { drain, type Steps } from './resumable.js';
import { words } from './text-match.js';

/** Sorted distinct words and, per word, the ascending item numbers holding it. */
export class WordIndex {
  private constructor(private readonly size: number, private readonly sorted: readonly string[], private readonly postings: readonly Uint32Array[]) {}

  /** Indexes `texts` (as made by `searchText`: words after single spaces). */
  static build(texts: readonly string[]): WordIndex {
    return drain(WordIndex.steps(texts.length, (i) => texts[i] ?? ''));
  }

  /** The build of the index of `size` texts, yielding every few thousand texts (see resumable.ts). */
  static *steps(size: number, textAt: (i: number) => string): Steps<WordIndex> {
    const lists = new Map<string, number[]>();
    for (let from = 0; from < size; from += 512) {
      addPostings(lists, from, Math.min(size, from + 512), textAt);
      yield;
    }
    const sorted = [...lists.keys()].sort();
    return new WordIndex(size, sorted, sorted.map((w) => Uint32Array.from(lists.get(w) ?? [])));
  }

  /** Ascending numbers of the items where every filter word starts some word. */
  match(filter: string): number[] {
    const needles = [...new Set(words(filter))];
    if (needles.length === 0) return Array.from({ length: this.size }, (_, i) => i);
    const hits = new Uint8Array(this.size);
    needles.forEach((needle, round) => {
      for (let w = this.lowerBound(needle); w < this.sorted.length && (this.sorted[w] ?? '').startsWith(needle); w++) {
        for (const item of this.postings[w] ?? []) if (hits[item] === round) hits[item] = round + 1;
      }
    });
    const out: number[] = [];
    for (let i = 0; i < hits.length; i++) if (hits[i] === needles.length) out.push(i);
    return out;
  }

  private lowerBound(prefix: string): number {
    let lo = 0;
    let hi = this.sorted.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if ((this.sorted[mid] ?? '') < prefix) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }
}

/** Adds the words of texts `from` to `to` (exclusive) to their posting lists (a plain loop: kept out of the generator, which V8 optimises less). */
function addPostings(lists: Map<string, number[]>, from: number, to: number, textAt: (i: number) => string): void {
  for (let i = from; i < to; i++) {
    for (const w of textAt(i).split(' ')) {
      if (w === '') continue;
      const list = lists.get(w);
      if (list === undefined) lists.set(w, [i]);
      else if (list[list.length - 1] !== i) list.push(i);
    }
  }
}
