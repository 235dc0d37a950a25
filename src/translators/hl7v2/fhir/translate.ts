/**
 * `translateHl7v2`: parsed HL7 v2 message + context → one FHIR transaction Bundle and issues. Dispatches
 * on MSH-9 through the registry in messages/index.ts, then adds the Provenance. Pure: the clock and ids
 * come from the context. Unsupported types are an error issue with table 0357 code 200 / 201 (→ AR).
 * https://build.fhir.org/ig/HL7/v2-to-fhir/ · https://hl7.org/fhir/R4/http.html#transaction
 */
import type { OperationOutcomeIssue } from 'fhir/r4.js';
import { isOperationOutcomeError } from '../../../core/outcomes.js';
import { hl7Issue, type Hl7Message } from '../parser/index.js';
import { BundleBuilder } from './bundle.js';
import { dtmToDateTime } from './datatypes/dtm.js';
import { MESSAGE_TRANSLATORS, translatorFor, type MessageTranslation } from './messages/index.js';
import { buildProvenance } from './provenance.js';
import { TaggingCodeMapper } from './code-tags.js';
import type { Hl7v2TranslateContext, Hl7v2TranslateResult, Hl7v2Translator } from './types.js';

/** EVN-2 (recorded date/time), else MSH-7, as a FHIR dateTime. */
export function eventTimeOf(message: Hl7Message, ctx: Hl7v2TranslateContext): { value: string | undefined; issues: OperationOutcomeIssue[] } {
  const zone = ctx.defaultZone !== undefined ? { defaultZone: ctx.defaultZone } : {};
  const evn = message.get('EVN-2.1') ?? undefined;
  if (evn !== undefined) return dtmToDateTime(evn, 'EVN-2', zone);
  return dtmToDateTime(message.get('MSH-7.1') ?? undefined, 'MSH-7', zone);
}

function unsupported(message: Hl7Message): OperationOutcomeIssue {
  const { code, trigger } = message.type;
  const known = code !== undefined && Object.keys(MESSAGE_TRANSLATORS).some((k) => k.startsWith(`${code.toUpperCase()}^`));
  return known
    ? hl7Issue('error', '201', `event ${code}^${trigger ?? ''} is not supported`, 'MSH-9.2')
    : hl7Issue('error', '200', `message type ${code ?? '(none)'} is not supported`, 'MSH-9.1');
}

function finish(t: MessageTranslation, builder: BundleBuilder, eventTime: string | undefined): void {
  const prov = buildProvenance(t.message, t.ctx, builder, eventTime);
  if (prov.value !== undefined) builder.create(prov.value);
  if (builder === t.bundle) t.issues.push(...prov.issues);
}

/** The HL7 v2 → FHIR translator (see ./types.ts for the contract). */
export const translateHl7v2: Hl7v2Translator = (message, given): Hl7v2TranslateResult => {
  // Every written resource is tagged with the ConceptMap versions behind its codes (see code-tags.ts).
  const ctx: Hl7v2TranslateContext = { ...given, codes: TaggingCodeMapper.wrap(given.codes) };
  const t: MessageTranslation = { message, ctx, bundle: new BundleBuilder(ctx), issues: [] };
  const time = eventTimeOf(message, ctx);
  t.issues.push(...time.issues);
  const translator = translatorFor(message.type.code, message.type.trigger);
  if (translator === undefined) {
    t.issues.push(unsupported(message));
    return { bundle: t.bundle.build(), issues: t.issues, ...(time.value !== undefined ? { eventTime: time.value } : {}) };
  }
  try {
    translator(t);
  } catch (e) {
    // A mapper bug must not take the pipeline down: report it as an application error (0357 code 207).
    if (!isOperationOutcomeError(e) && !(e instanceof Error)) throw e;
    t.issues.push(hl7Issue('error', '207', `translation failed: ${e.message}`, 'MSH-9'));
  }
  finish(t, t.bundle, time.value);
  if (t.fallback !== undefined) finish(t, t.fallback, time.value);
  return {
    bundle: t.bundle.build(),
    issues: t.issues,
    ...(t.patientKey !== undefined ? { patientKey: t.patientKey } : {}),
    ...(time.value !== undefined ? { eventTime: time.value } : {}),
    ...(t.fallback !== undefined ? { fallbackBundle: t.fallback.build() } : {}),
  };
};
