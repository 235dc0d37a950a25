/**
 * The shape every HL7 v2 → FHIR mapper returns (`{ value, issues }`), and small helpers to build it.
 * Content problems are issues with an HL7 location (`PID-7`), never exceptions.
 */
import type { OperationOutcomeIssue } from 'fhir/r4.js';

/** A mapped value (undefined when the input was empty or unusable) and the issues found. */
export interface Mapped<T> {
  readonly value: T | undefined;
  readonly issues: OperationOutcomeIssue[];
}

/** A value without issues. */
export function ok<T>(value: T | undefined): Mapped<T> {
  return { value, issues: [] };
}

/** Collects issues while a mapper runs: `take` unwraps a Mapped and keeps its issues. */
export class IssueSink {
  readonly issues: OperationOutcomeIssue[] = [];

  take<T>(m: Mapped<T>): T | undefined {
    this.issues.push(...m.issues);
    return m.value;
  }

  add(...issues: OperationOutcomeIssue[]): void {
    this.issues.push(...issues);
  }

  result<T>(value: T | undefined): Mapped<T> {
    return { value, issues: this.issues };
  }
}

/** Removes keys whose value is undefined, an empty array or an empty object (FHIR forbids empty elements). */
export function compact<T extends object>(o: T): T {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(o)) {
    if (v === undefined || v === null) continue;
    if (Array.isArray(v) && v.length === 0) continue;
    if (typeof v === 'object' && !Array.isArray(v) && Object.keys(v).length === 0) continue;
    out[k] = v;
  }
  return out as T;
}

/** True when `o` has at least one key. */
export function hasContent(o: object | undefined): boolean {
  return o !== undefined && Object.keys(o).length > 0;
}
