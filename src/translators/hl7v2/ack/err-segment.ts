/**
 * ERR segments, one per problem (v2.5+): ERR-2 location (ERL), ERR-3 table 0357 code (CWE),
 * ERR-4 severity (table 0516), ERR-7 diagnostic information, ERR-8 user message. v2.3 / v2.4 have
 * only ERR-1 (ELD: segment ^ sequence ^ field ^ code&text&HL70357) and at most one ERR in an ACK,
 * so older receivers get a single ERR whose ERR-1 repeats once per problem.
 * https://hl7-definition.caristix.com/v2/HL7v2.5.1/Segments/ERR · https://hl7-definition.caristix.com/v2/HL7v2.4/Segments/ERR
 */
import type { OperationOutcomeIssue } from 'fhir/r4.js';
import type { Hl7FieldInput, Hl7RepetitionInput } from '../parser/index.js';
import { V2_0357_TEXT, errorCodeOf, severityOf } from './error-code.js';
import { issueLocation, type ErrorLocation } from './error-location.js';
import { versionAtLeast } from './version.js';

/** A segment to write: id and fields (`fields[i]` is field i + 1). */
export interface SegmentInput {
  readonly name: string;
  readonly fields: readonly Hl7FieldInput[];
}

/** The coding system name of table 0357 in CWE / CE components. */
export const HL70357 = 'HL70357';

const num = (n: number | undefined): string | undefined => (n === undefined ? undefined : String(n));

function erl(l: ErrorLocation): Hl7RepetitionInput {
  return [l.segment, num(l.sequence), num(l.field), num(l.repetition), num(l.component), num(l.subcomponent)];
}

/** ERR-8 text: the issue's own `details.text`, else the 0357 display and where. */
export function userMessage(issue: OperationOutcomeIssue): string {
  if (issue.details?.text !== undefined && issue.details.text !== '') return issue.details.text;
  const where = issue.expression?.[0] ?? issue.location?.[0];
  const what = V2_0357_TEXT[errorCodeOf(issue)];
  return where === undefined || where === '' ? what : `${what} at ${where}`;
}

/** The ERR segments for `issues` in a message of `version` (MSH-12.1). */
export function errSegments(issues: readonly OperationOutcomeIssue[], version: string | undefined): SegmentInput[] {
  if (issues.length === 0) return [];
  if (!versionAtLeast(version, '2.5')) {
    const elds = issues.map((i): Hl7RepetitionInput => {
      const l = issueLocation(i);
      const code = errorCodeOf(i);
      return [l?.segment, num(l?.sequence), num(l?.field), [code, V2_0357_TEXT[code], HL70357]];
    });
    return [{ name: 'ERR', fields: [{ repetitions: elds }] }];
  }
  const hasFatal = versionAtLeast(version, '2.7');
  return issues.map((i) => {
    const l = issueLocation(i);
    const code = errorCodeOf(i);
    return {
      name: 'ERR',
      fields: [
        undefined,
        l === undefined ? undefined : erl(l),
        [code, V2_0357_TEXT[code], HL70357],
        severityOf(i, hasFatal),
        undefined,
        undefined,
        i.diagnostics,
        userMessage(i),
      ],
    };
  });
}
