/**
 * Required and extensible bindings: the coded values of an element checked against its value set
 * through a synchronous CodeValidator. https://hl7.org/fhir/R4/terminologies.html#binding
 *
 * required: a code outside the value set is an error; extensible: a warning (another code may be used
 * when none fits, R4 §4.1.1.1). A value set the terminology service does not know is a warning
 * ("binding not checked"), never an error.
 */
import type { OperationOutcomeIssue } from 'fhir/r4.js';
import type { CodedValue, CodeValidator } from './types.js';
import { isObject } from './values.js';

/** What a failed binding check reports. */
export interface BindingProblem {
  readonly severity: 'error' | 'warning';
  readonly code: OperationOutcomeIssue['code'];
  /** The rule (`required binding <vs>`). */
  readonly what: string;
  readonly detail: string;
}

function coding(v: unknown): CodedValue | undefined {
  if (!isObject(v) || typeof v['code'] !== 'string') return undefined;
  const out: { system?: string; code: string; display?: string } = { code: v['code'] };
  if (typeof v['system'] === 'string') out.system = v['system'];
  if (typeof v['display'] === 'string') out.display = v['display'];
  return out;
}

/** The coded values of `value` for an element of type `type` (a choice suffix is accepted too). */
export function codedValues(type: string | undefined, value: unknown): CodedValue[] | undefined {
  switch (type) {
    case 'code': case 'Code': case 'string': case 'String': case 'uri': case 'Uri':
      return typeof value === 'string' ? [{ code: value }] : [];
    case 'Coding': case 'Quantity': {
      const c = coding(value);
      return c === undefined ? [] : [c];
    }
    case 'CodeableConcept': {
      const codings = isObject(value) && Array.isArray(value['coding']) ? (value['coding'] as unknown[]) : [];
      return codings.map(coding).filter((c): c is CodedValue => c !== undefined);
    }
    default:
      return undefined; // not a bindable type
  }
}

const show = (c: CodedValue): string => (c.system === undefined ? c.code : `${c.system}|${c.code}`);

/** Checks `value` against `binding`; undefined when it conforms (or the type is not coded). */
export function checkBinding(
  binding: { readonly strength: 'required' | 'extensible'; readonly valueSet: string },
  type: string | undefined,
  value: unknown,
  validateCode: CodeValidator | undefined,
): BindingProblem | undefined {
  const values = codedValues(type, value);
  if (values === undefined) return undefined;
  const what = `${binding.strength} binding ${binding.valueSet}`;
  if (values.length === 0) {
    // A CodeableConcept with text only is fine for extensible, not for required; a Quantity without a code is fine.
    if (binding.strength === 'required' && type === 'CodeableConcept') {
      return { severity: 'error', code: 'code-invalid', what, detail: 'no coding given' };
    }
    return undefined;
  }
  if (validateCode === undefined) {
    return { severity: 'warning', code: 'not-supported', what, detail: 'no terminology service; binding not checked' };
  }
  let unknown = false;
  for (const c of values) {
    const r = validateCode(binding.valueSet, c);
    if (r === true) return undefined;
    if (r === undefined) unknown = true;
  }
  if (unknown) return { severity: 'warning', code: 'not-supported', what, detail: 'value set (or code system) unknown here; binding not checked' };
  const detail = `${values.map(show).join(', ')} not in the value set`;
  return binding.strength === 'required'
    ? { severity: 'error', code: 'code-invalid', what, detail }
    : { severity: 'warning', code: 'code-invalid', what, detail };
}
