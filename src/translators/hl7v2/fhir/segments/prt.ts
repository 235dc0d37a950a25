/**
 * PRT (participation information) → who took part, as references: role PRT-4 (table 0912 through the
 * CodeMapper), person PRT-5 (XCN → Practitioner), organization PRT-8 (XON → Organization), location
 * PRT-9 (PL → Location), period PRT-11 / PRT-12. The message translator turns them into Observation /
 * ServiceRequest performers (we reference Practitioner / Organization directly, no PractitionerRole).
 * V2-to-FHIR IG: PRT[PractitionerRole] · https://build.fhir.org/ig/HL7/v2-to-fhir/ConceptMap-segment-prt-to-practitionerrole.html
 */
import type { CodeableConcept, OperationOutcomeIssue, Period, Reference } from 'fhir/r4.js';
import type { Hl7Segment } from '../../parser/index.js';
import type { Hl7v2TranslateContext } from '../types.js';
import type { BundleBuilder } from '../bundle.js';
import { cweToCodeableConcept } from '../datatypes/cwe.js';
import { plToReference } from '../datatypes/pl.js';
import { xcnToReference } from '../datatypes/xcn.js';
import { xonToReference } from '../datatypes/xon.js';
import { fieldElement } from '../element.js';
import { IssueSink } from '../result.js';
import { dateTimeAt } from './segment-path.js';

/** One participation. */
export interface Participation {
  readonly role?: CodeableConcept;
  /** PRT-4.1, e.g. `OP` (ordering provider), `RO` (responsible observer). */
  readonly roleCode?: string;
  readonly person?: Reference;
  readonly organization?: Reference;
  readonly location?: Reference;
  readonly period?: Period;
}

/** Maps one PRT segment (PRT-2 `D` — delete — yields nothing). */
export function mapPrt(prt: Hl7Segment, ctx: Hl7v2TranslateContext, bundle: BundleBuilder): { value: Participation | undefined; issues: OperationOutcomeIssue[] } {
  if ((prt.get('2') ?? '').toUpperCase() === 'D') return { value: undefined, issues: [] };
  const sink = new IssueSink();
  const role = sink.take(cweToCodeableConcept(fieldElement(prt, 4), ctx, { table: '0912' }));
  const person = xcnToReference(fieldElement(prt, 5), ctx, bundle);
  const organization = xonToReference(fieldElement(prt, 8), ctx, bundle);
  const location = plToReference(fieldElement(prt, 9), ctx, bundle);
  const start = sink.take(dateTimeAt(prt, 11, ctx));
  const end = sink.take(dateTimeAt(prt, 12, ctx));
  const roleCode = prt.get('4.1') ?? undefined;
  const out: Participation = {
    ...(role !== undefined ? { role } : {}),
    ...(roleCode !== undefined ? { roleCode } : {}),
    ...(person !== undefined ? { person } : {}),
    ...(organization !== undefined ? { organization } : {}),
    ...(location !== undefined ? { location } : {}),
    ...(start !== undefined || end !== undefined ? { period: { ...(start !== undefined ? { start } : {}), ...(end !== undefined ? { end } : {}) } } : {}),
  };
  return { value: Object.keys(out).length === 0 ? undefined : out, issues: sink.issues };
}
