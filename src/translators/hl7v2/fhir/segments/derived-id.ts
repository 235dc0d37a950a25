/**
 * Derived business identifiers for v2 records that carry none (AL1, DG1 / PR1 without their id field):
 * the owner's key plus the record's code, so that a replay or a repeated message matches the same
 * resource instead of creating another. System `urn:lyfeai:hl7v2:<kind>`.
 */
import type { CodeableConcept, Identifier } from 'fhir/r4.js';

/** `urn:lyfeai:hl7v2:<kind>` with value `owner|system|code` of the first coding (or the text). */
export function derivedIdentifier(kind: string, owner: string, code: CodeableConcept | undefined): Identifier | undefined {
  const c = code?.coding?.[code.coding.length - 1];
  const what = c?.code !== undefined ? `${c.system ?? ''}|${c.code}` : code?.text;
  if (what === undefined) return undefined;
  return { system: `urn:lyfeai:hl7v2:${kind}`, value: `${owner}|${what}` };
}
