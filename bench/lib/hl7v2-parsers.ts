/**
 * The HL7 v2 parsers the parser benchmark compares, each wrapped as "parse one message and read every
 * element": every subcomponent of every component of every repetition of every field of every segment
 * is read as a string through the library's own structure (decoded where the library decodes). The
 * function returns the total length read, so no work can be optimised away. npm parsers are loaded
 * dynamically: one that is not installed or does not load is reported, not fatal.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseHl7Message } from '../../src/translators/hl7v2/parser/index.js';
import type { BenchMessage } from './hl7v2-corpus.js';

/** A contender: name, version, what it does (or fails to do), and the full-access work function. */
export interface ParserContender {
  readonly name: string;
  readonly version: string;
  readonly notes: string;
  readonly run: (m: BenchMessage) => number;
  /** Re-serialization of an unmodified parse, when the library offers one (for the byte-exact check). */
  readonly serialize?: (m: BenchMessage) => string;
}

/** A contender that could not be loaded. */
export interface ParserUnavailable {
  readonly name: string;
  readonly error: string;
}

/** The version in `dir/package.json` (relative to the repository root). */
function versionOf(dir: string): string {
  try {
    const json: unknown = JSON.parse(readFileSync(join(process.cwd(), dir, 'package.json'), 'utf8'));
    return typeof json === 'object' && json !== null && 'version' in json && typeof json.version === 'string' ? json.version : '?';
  } catch {
    return 'not installed';
  }
}

/** Ours: bytes in (charset decoding included), every element read in one pass per segment (`forEachValue`). */
export const ours: ParserContender = {
  name: 'lyfeai (ours) forEachValue',
  version: versionOf('.'),
  notes: 'bytes in (MSH-18 decoding), escapes decoded, null vs empty, positions kept, byte-exact re-serialization',
  run: (bm) => {
    let n = 0;
    const visit = (v: string | null): void => {
      n += v === null ? 1 : v.length;
    };
    for (const s of parseHl7Message(bm.bytes).all) s.forEachValue(visit);
    return n;
  },
  serialize: (bm) => parseHl7Message(bm.bytes).toString(),
};

/** Ours through the positional accessor: counts per level, then `value(field, rep, comp, sub)` per element. */
export const oursPositional: ParserContender = {
  name: 'lyfeai (ours) value(f,r,c,s)',
  version: versionOf('.'),
  notes: 'same parser, every element read by coordinates (the access pattern of the translators)',
  run: (bm) => {
    const m = parseHl7Message(bm.bytes);
    let n = 0;
    for (const s of m.all) {
      const fields = s.fieldCount;
      for (let f = 1; f <= fields; f++) {
        const reps = s.repetitionCount(f);
        for (let r = 1; r <= reps; r++) {
          const comps = s.componentCount(f, r);
          for (let c = 1; c <= comps; c++) {
            const subs = s.subcomponentCount(f, r, c);
            for (let k = 1; k <= subs; k++) n += s.value(f, r, c, k)?.length ?? 1;
          }
        }
      }
    }
    return n;
  },
};

async function medplum(): Promise<ParserContender> {
  const { Hl7Message } = await import('@medplum/core');
  return {
    name: '@medplum/core Hl7Message',
    version: versionOf('node_modules/@medplum/core'),
    notes: 'eager split to repetitions/components; subcomponents split on access; no escape decoding, no charset, no positions',
    run: (bm) => {
      const m = Hl7Message.parse(bm.bytes.toString('utf8'));
      const sub = m.context.subcomponentSeparator;
      let n = 0;
      for (const seg of m.segments) {
        for (let f = 1; f < seg.fields.length; f++) {
          for (const rep of seg.fields[f]?.components ?? []) {
            for (const comp of rep) for (const s of comp.split(sub)) n += s.length;
          }
        }
      }
      return n;
    },
    serialize: (bm) => Hl7Message.parse(bm.bytes.toString('utf8')).toString(),
  };
}

interface Hl7ClientNode {
  toArray(): Hl7ClientNode[];
  toString(): string;
}

async function nodeHl7Client(): Promise<ParserContender> {
  const { Message } = await import('node-hl7-client');
  // Message → segment → field → repetition → component → subcomponent (leaf toString() unescapes).
  const walk = (node: Hl7ClientNode, depth: number): number => {
    if (depth === 5) return node.toString().length;
    const kids = node.toArray();
    if (kids.length === 0) return node.toString().length;
    let n = 0;
    for (let i = depth === 1 ? 1 : 0; i < kids.length; i++) n += walk(kids[i] as Hl7ClientNode, depth + 1);
    return n;
  };
  return {
    name: 'node-hl7-client Message',
    version: versionOf('node_modules/node-hl7-client'),
    notes: 'lazy node tree (one EventEmitter per node); escapes decoded at the leaves',
    run: (bm) => {
      const m = new Message({ text: bm.bytes.toString('utf8') });
      let n = 0;
      for (const seg of m.toArray()) n += walk(seg, 1);
      return n;
    },
    serialize: (bm) => new Message({ text: bm.bytes.toString('utf8') }).toString(),
  };
}

async function simpleHl7(): Promise<ParserContender> {
  const lib = (await import('simple-hl7')).default;
  const parser = new lib.Parser({ segmentSeperator: '\r' });
  const walk = (v: unknown): number => {
    if (typeof v === 'string') return v.length;
    let n = 0;
    if (Array.isArray(v)) for (const x of v) n += walk(x);
    else if (typeof v === 'object' && v !== null && 'value' in v) n += walk(v.value);
    return n;
  };
  return {
    name: 'simple-hl7 Parser',
    version: versionOf('node_modules/simple-hl7'),
    notes: 'eager object tree; delimiters fixed to |^~\\& (MSH-2 ignored); CR only; no escape decoding',
    run: (bm) => {
      const m = parser.parse(bm.bytes.toString('utf8'));
      let n = walk(m.header.fields);
      for (const seg of m.segments) n += walk(seg.fields);
      return n;
    },
    serialize: (bm) => parser.parse(bm.bytes.toString('utf8')).toString(),
  };
}

/** Loads the npm contenders; those that fail to load are listed with the reason. */
export async function npmContenders(): Promise<{ loaded: ParserContender[]; unavailable: ParserUnavailable[] }> {
  const loaded: ParserContender[] = [];
  const unavailable: ParserUnavailable[] = [];
  // node-hl7-client last: its large node trees would otherwise tax the next parser's GC.
  for (const [name, load] of [['@medplum/core', medplum], ['simple-hl7', simpleHl7], ['node-hl7-client', nodeHl7Client]] as const) {
    try {
      loaded.push(await load());
    } catch (e) {
      unavailable.push({ name, error: e instanceof Error ? e.message : String(e) });
    }
  }
  return { loaded, unavailable };
}
