/**
 * IN1 (+ IN2) → Coverage: identifier IN1-36 policy number (else derived from the patient, plan IN1-2
 * and company IN1-3), payor = the insurance company IN1-3 / IN1-4 (an Organization), plan IN1-2 and
 * group IN1-8 / IN1-9 → class, period IN1-12 / IN1-13, type IN1-15, subscriber relationship IN1-17
 * (table 0063), subscriber id IN1-36 (else IN2-8 / IN2-6). Order IN1-1.
 * https://build.fhir.org/ig/HL7/v2-to-fhir/ConceptMap-segment-in1-to-coverage.html
 */
import type { Coverage, CoverageClass, Identifier, Organization, Reference } from 'fhir/r4.js';
import type { Hl7Segment } from '../../parser/index.js';
import type { Hl7v2TranslateContext } from '../types.js';
import type { BundleBuilder } from '../bundle.js';
import { fieldElement, fieldText } from '../element.js';
import { IssueSink, type Mapped } from '../result.js';
import { cweToCodeableConcept } from '../datatypes/cwe.js';
import { cxToIdentifier } from '../datatypes/cx.js';
import { dtToDate } from '../datatypes/dtm.js';
import { hdAuthority } from '../datatypes/hd.js';
import { derivedIdentifier } from './derived-id.js';

const COVERAGE_CLASS = 'http://terminology.hl7.org/CodeSystem/coverage-class';

/** The Coverage and its matching key. */
export interface In1Result {
  readonly coverage: Coverage;
  readonly key: Identifier;
}

function insurer(seg: Hl7Segment, ctx: Hl7v2TranslateContext, bundle: BundleBuilder, sink: IssueSink): Reference | undefined {
  const id = sink.take(cxToIdentifier(fieldElement(seg, 3), ctx, 'other'));
  const name = fieldText(seg, 4);
  if (id === undefined) return name !== undefined ? { display: name } : undefined;
  const org: Organization = { resourceType: 'Organization', identifier: [id], ...(name !== undefined ? { name } : {}) };
  return { ...bundle.createIfAbsent(org, id), ...(name !== undefined ? { display: name } : {}) };
}

/** IN1 segment (and the IN2 after it, if any) → Coverage. */
export function mapIn1(seg: Hl7Segment, in2: Hl7Segment | undefined, ctx: Hl7v2TranslateContext, bundle: BundleBuilder, patient: Reference, patientKey: string): Mapped<In1Result> {
  const sink = new IssueSink();
  const policy = fieldText(seg, 36);
  const plan = fieldElement(seg, 2);
  const payor = insurer(seg, ctx, bundle, sink);
  const companyId = fieldElement(seg, 3);
  const key: Identifier | undefined = policy !== undefined
    ? { type: { coding: [{ system: 'http://terminology.hl7.org/CodeSystem/v2-0203', code: 'MB' }] }, system: ctx.identifierSystem(hdAuthority(companyId.child(4)) ?? companyId.get(1), 'other'), value: policy }
    : derivedIdentifier('coverage', patientKey, { text: [plan.get(1), companyId.get(1), fieldText(seg, 1)].map((p) => p ?? '').join('|') });
  if (key === undefined) return sink.result<In1Result>(undefined);
  const classes: CoverageClass[] = [];
  const planId = plan.get(1);
  if (planId !== undefined) classes.push({ type: { coding: [{ system: COVERAGE_CLASS, code: 'plan' }] }, value: planId, ...(plan.get(2) !== undefined ? { name: plan.get(2) } : {}) });
  const group = fieldText(seg, 8);
  if (group !== undefined) classes.push({ type: { coding: [{ system: COVERAGE_CLASS, code: 'group' }] }, value: group, ...(fieldText(seg, 9) !== undefined ? { name: fieldText(seg, 9) } : {}) });
  const start = sink.take(dtToDate(fieldText(seg, 12), `${seg.name}-12`));
  const end = sink.take(dtToDate(fieldText(seg, 13), `${seg.name}-13`));
  const type = sink.take(cweToCodeableConcept(fieldElement(seg, 15), ctx, { table: '0086' }));
  const relationship = sink.take(cweToCodeableConcept(fieldElement(seg, 17), ctx, { table: '0063', target: 'http://terminology.hl7.org/CodeSystem/subscriber-relationship' }));
  const subscriberId = policy ?? (in2 !== undefined ? fieldText(in2, 8) ?? fieldText(in2, 6) : undefined);
  const order = fieldText(seg, 1);
  const coverage: Coverage = {
    resourceType: 'Coverage',
    identifier: [key],
    status: 'active',
    ...(type !== undefined ? { type } : {}),
    ...(subscriberId !== undefined ? { subscriberId } : {}),
    beneficiary: patient,
    ...(relationship !== undefined ? { relationship } : {}),
    ...(start !== undefined || end !== undefined ? { period: { ...(start !== undefined ? { start } : {}), ...(end !== undefined ? { end } : {}) } } : {}),
    payor: [payor ?? patient],
    ...(classes.length > 0 ? { class: classes } : {}),
    ...(order !== undefined && /^[1-9]\d*$/.test(order) ? { order: Number(order) } : {}),
  };
  return sink.result({ coverage, key });
}
