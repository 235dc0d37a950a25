/**
 * TEST ONLY: a minimal Hl7v2Translator standing in for `translateHl7v2` in pipeline, channel and API
 * tests, so they exercise the pipeline rather than the mappings. It writes one Patient (conditional
 * update on PID-3) per message, or, when `failOn` matches PID-5.1, returns an error issue instead.
 */
import type { Bundle, Patient } from 'fhir/r4.js';
import { hl7Issue } from '../../translators/hl7v2/parser/index.js';
import type { Hl7v2Translator } from '../../translators/hl7v2/fhir/types.js';

/** Options of the test translator. */
export interface TestTranslatorOptions {
  /** PID-5.1 values that make the translation fail with an error issue (a "missing mapping"). */
  readonly failOn?: ReadonlySet<string>;
}

/** The translator. */
export function testTranslator(options: TestTranslatorOptions = {}): Hl7v2Translator {
  return (message, ctx) => {
    const id = message.get('PID-3[1].1');
    const authority = message.get('PID-3[1].4') ?? 'LOCAL';
    if (typeof id !== 'string') {
      return { bundle: { resourceType: 'Bundle', type: 'transaction', entry: [] }, issues: [hl7Issue('error', '101', 'PID-3 (patient identifier) is missing', 'PID-3')] };
    }
    const family = message.get('PID-5.1') ?? undefined;
    if (family !== undefined && family !== null && options.failOn?.has(family)) {
      return { bundle: { resourceType: 'Bundle', type: 'transaction', entry: [] }, issues: [hl7Issue('error', '103', `no mapping for ${family}`, 'PID-5.1')] };
    }
    const system = ctx.identifierSystem(authority, 'patient');
    const patient: Patient = {
      resourceType: 'Patient',
      meta: { source: ctx.source },
      identifier: [{ system, value: id }],
      ...(typeof family === 'string' ? { name: [{ family }] } : {}),
    };
    const bundle: Bundle = {
      resourceType: 'Bundle',
      type: 'transaction',
      entry: [{ fullUrl: `urn:uuid:${ctx.ids()}`, resource: patient, request: { method: 'PUT', url: `Patient?identifier=${encodeURIComponent(system)}|${encodeURIComponent(id)}` } }],
    };
    return { bundle, issues: [], patientKey: `${system}|${id}` };
  };
}
