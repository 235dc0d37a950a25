/**
 * Element paths in the usual v2 notation: `PID-3[2].4.2` (segment, field, repetition, component,
 * subcomponent; all 1-based), `OBX[3]-5` for the third OBX. Inside a segment the segment part is
 * omitted (`3[2].4`). Unspecified parts are absent (see `Hl7Segment.get` for the defaults).
 */
import { fail } from '../../../core/outcomes.js';

/** A parsed element path. */
export interface Hl7Path {
  readonly segment?: string;
  /** 1-based occurrence of the segment in the message (`OBX[3]`); 1 when not given. */
  readonly occurrence: number;
  readonly field: number;
  readonly repetition?: number;
  readonly component?: number;
  readonly subcomponent?: number;
}

const PATH = /^(?:([A-Z][A-Z0-9]{2})(?:\[(\d+)\])?-)?(\d+)(?:\[(\d+)\])?(?:\.(\d+)(?:\.(\d+))?)?$/;
const cache = new Map<string, Hl7Path>();

/** Parses a path; a malformed path is a programming error and throws. Results are cached. */
export function parsePath(path: string): Hl7Path {
  const hit = cache.get(path);
  if (hit !== undefined) return hit;
  const m = PATH.exec(path);
  if (m === null) throw fail('internal', `invalid HL7 path '${path}'`);
  const parsed: Hl7Path = {
    ...(m[1] === undefined ? {} : { segment: m[1] }),
    occurrence: m[2] === undefined ? 1 : Number(m[2]),
    field: Number(m[3]),
    ...(m[4] === undefined ? {} : { repetition: Number(m[4]) }),
    ...(m[5] === undefined ? {} : { component: Number(m[5]) }),
    ...(m[6] === undefined ? {} : { subcomponent: Number(m[6]) }),
  };
  for (const n of [parsed.occurrence, parsed.repetition, parsed.component, parsed.subcomponent]) {
    if (n === 0) throw fail('internal', `HL7 path '${path}' uses 0 as an index`);
  }
  if (cache.size < 10_000) cache.set(path, parsed);
  return parsed;
}

/** Formats a path back to text (`PID-3[2].4.2`), e.g. for issue locations. */
export function formatPath(p: Hl7Path, segment = p.segment): string {
  let out = segment === undefined ? '' : `${segment}${p.occurrence > 1 ? `[${p.occurrence}]` : ''}-`;
  out += String(p.field);
  if (p.repetition !== undefined) out += `[${p.repetition}]`;
  if (p.component !== undefined) out += `.${p.component}`;
  if (p.subcomponent !== undefined) out += `.${p.subcomponent}`;
  return out;
}
