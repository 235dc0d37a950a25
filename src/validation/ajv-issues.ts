/**
 * Turns ajv errors into OperationOutcome issues with FHIRPath-like expressions (`Patient.name[0].given`).
 * https://hl7.org/fhir/R4/operationoutcome.html
 */
import type { ErrorObject } from 'ajv';
import type { OperationOutcomeIssue } from 'fhir/r4.js';
import { issue } from '../core/outcomes.js';

/** `/name/0/given` under `Patient` → `Patient.name[0].given`. */
export function pointerToExpression(root: string, pointer: string): string {
  let out = root;
  for (const raw of pointer.split('/').slice(1)) {
    const part = raw.replace(/~1/g, '/').replace(/~0/g, '~');
    out += /^\d+$/.test(part) ? `[${part}]` : `.${part}`;
  }
  return out;
}

/** Keywords that only summarise failures of their branches (reported through the branch errors). */
const SUMMARY_KEYWORDS = new Set(['oneOf', 'anyOf', 'if', 'not']);

/** One issue per distinct (expression, message); `additionalProperties` names the unknown element. */
export function ajvErrorsToIssues(root: string, errors: readonly ErrorObject[]): OperationOutcomeIssue[] {
  const seen = new Set<string>();
  const out: OperationOutcomeIssue[] = [];
  for (const e of errors) {
    if (SUMMARY_KEYWORDS.has(e.keyword)) continue;
    let expression = pointerToExpression(root, e.instancePath);
    let message: string;
    let code: OperationOutcomeIssue['code'] = 'invalid';
    const params: Record<string, unknown> = e.params;
    if (e.keyword === 'additionalProperties') {
      expression += `.${String(params['additionalProperty'])}`;
      message = `Unknown element '${String(params['additionalProperty'])}'`;
      code = 'structure';
    } else if (e.keyword === 'required') {
      expression += `.${String(params['missingProperty'])}`;
      message = `Missing required element '${String(params['missingProperty'])}'`;
    } else if (e.keyword === 'type') {
      message = `Wrong JSON type: expected ${String(params['type'])}`;
      code = 'structure';
    } else if (e.keyword === 'pattern') {
      message = 'Invalid value: does not match the datatype format';
    } else if (e.keyword === 'enum' || e.keyword === 'const') {
      message = `Invalid value: ${e.message ?? 'not an allowed code'}`;
    } else {
      message = e.message ?? e.keyword;
    }
    const key = `${expression}\u0000${message}`;
    if (seen.has(key)) continue;
    seen.add(key);
    out.push(issue('error', code, `${message} at ${expression}`, expression));
  }
  return out;
}
