/**
 * The terminology operation routes, type and instance level, GET and POST each:
 * CodeSystem `$lookup`, `$validate-code`, `$subsumes`; ValueSet `$validate-code`, `$expand`;
 * ConceptMap `$translate`. https://hl7.org/fhir/R4/terminology-service.html
 */
import type { RequestHandler } from 'express';
import type { TerminologyService } from '../../../ports/terminology-service.js';
import type { FhirDeps } from '../deps.js';
import { codeSystemValidateCode } from './code-system-validate-code.js';
import { expand } from './expand.js';
import { lookup } from './lookup.js';
import { terminologyOperation, type OperationCall, type OperationLevel, type TerminologyType } from './operation.js';
import { subsumes } from './subsumes.js';
import { translate } from './translate.js';
import { valueSetValidateCode } from './value-set-validate-code.js';

interface OperationDef<T extends TerminologyType> {
  readonly type: T;
  readonly name: string;
  readonly definition: string;
  readonly run: (call: OperationCall<T>) => Promise<unknown>;
}

const op = <T extends TerminologyType>(d: OperationDef<T>): OperationDef<TerminologyType> => d as unknown as OperationDef<TerminologyType>;

/** Every terminology operation, with its OperationDefinition (also listed in the CapabilityStatement). */
export const TERMINOLOGY_OPERATIONS: readonly OperationDef<TerminologyType>[] = [
  op({ type: 'CodeSystem', name: 'lookup', definition: 'http://hl7.org/fhir/OperationDefinition/CodeSystem-lookup', run: lookup }),
  op({ type: 'CodeSystem', name: 'validate-code', definition: 'http://hl7.org/fhir/OperationDefinition/CodeSystem-validate-code', run: codeSystemValidateCode }),
  op({ type: 'CodeSystem', name: 'subsumes', definition: 'http://hl7.org/fhir/OperationDefinition/CodeSystem-subsumes', run: subsumes }),
  op({ type: 'ValueSet', name: 'validate-code', definition: 'http://hl7.org/fhir/OperationDefinition/ValueSet-validate-code', run: valueSetValidateCode }),
  op({ type: 'ValueSet', name: 'expand', definition: 'http://hl7.org/fhir/OperationDefinition/ValueSet-expand', run: expand }),
  op({ type: 'ConceptMap', name: 'translate', definition: 'http://hl7.org/fhir/OperationDefinition/ConceptMap-translate', run: translate }),
];

/** A route: path and its GET / POST handler. */
export interface TerminologyRoute {
  readonly path: string;
  readonly handler: RequestHandler;
}

/** The routes (register them before the generic `/:type/:id`). */
export function terminologyRoutes(deps: FhirDeps, terminology: TerminologyService): TerminologyRoute[] {
  const out: TerminologyRoute[] = [];
  for (const d of TERMINOLOGY_OPERATIONS) {
    for (const level of ['type', 'instance'] as const satisfies readonly OperationLevel[]) {
      const path = level === 'type' ? `/${d.type}/$${d.name}` : `/${d.type}/:id/$${d.name}`;
      out.push({ path, handler: terminologyOperation(deps, terminology, d.type, level, d.run) });
    }
  }
  return out;
}
