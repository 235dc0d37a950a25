/**
 * ERR-2 (ERL, v2.5+) and ERR-1 (ELD, v2.3 / v2.4) coordinates from an issue location such as
 * `PID-3[1].1`, `OBX[2]-5` or a bare segment id (`ZPI`), or from a parser `SourcePosition`.
 * Locations that are not HL7 paths (`input`, FHIRPath from validation) give no coordinates.
 * https://hl7-definition.caristix.com/v2/HL7v2.5.1/DataTypes/ERL
 */
import type { OperationOutcomeIssue } from 'fhir/r4.js';
import { parsePath, type SourcePosition } from '../parser/index.js';

/** ERL components: segment id ^ sequence ^ field ^ repetition ^ component ^ subcomponent. */
export interface ErrorLocation {
  readonly segment: string;
  /** 1-based occurrence of the segment; absent when only a segment id was known. */
  readonly sequence?: number;
  readonly field?: number;
  readonly repetition?: number;
  readonly component?: number;
  readonly subcomponent?: number;
}

const SEGMENT = /^[A-Z][A-Z0-9]{2}$/;
const PATH = /^[A-Z][A-Z0-9]{2}(?:\[[1-9]\d*\])?-\d+(?:\[[1-9]\d*\])?(?:\.[1-9]\d*){0,2}$/;

/** Coordinates of an HL7 path or segment id, or `undefined`. Never throws. */
export function parseErrorLocation(location: string | undefined): ErrorLocation | undefined {
  if (location === undefined) return undefined;
  const loc = location.trim();
  if (SEGMENT.test(loc)) return { segment: loc };
  if (!PATH.test(loc)) return undefined;
  const p = parsePath(loc);
  if (p.segment === undefined) return undefined;
  return {
    segment: p.segment,
    sequence: p.occurrence,
    field: p.field,
    ...(p.repetition === undefined ? {} : { repetition: p.repetition }),
    ...(p.component === undefined ? {} : { component: p.component }),
    ...(p.subcomponent === undefined ? {} : { subcomponent: p.subcomponent }),
  };
}

/** Coordinates of a parser position (`message.position('PID-3[1].1')`). */
export function positionLocation(p: SourcePosition): ErrorLocation {
  return {
    segment: p.segment,
    sequence: p.occurrence,
    field: p.field,
    ...(p.repetition === undefined ? {} : { repetition: p.repetition }),
    ...(p.component === undefined ? {} : { component: p.component }),
    ...(p.subcomponent === undefined ? {} : { subcomponent: p.subcomponent }),
  };
}

/** The location of an issue: `expression[0]`, else the deprecated `location[0]`. */
export function issueLocation(issue: OperationOutcomeIssue): ErrorLocation | undefined {
  return parseErrorLocation(issue.expression?.[0] ?? issue.location?.[0]);
}
