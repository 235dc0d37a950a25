/**
 * The shared shape of the terminology operation handlers: scope check (`r` on the type), inputs from
 * the query or a Parameters body, the stored resource at instance level, the port call, a FHIR reply.
 * https://hl7.org/fhir/R4/operations.html
 */
import type { RequestHandler } from 'express';
import type { CodeSystem, ConceptMap, ValueSet } from 'fhir/r4.js';
import type { TerminologyService } from '../../../ports/terminology-service.js';
import { requireScope } from '../../middleware/authenticate.js';
import type { FhirDeps } from '../deps.js';
import { idParam, requestCtx, sendFhir } from '../http.js';
import { OperationInput } from './parameters.js';

/** The resource types that carry terminology operations. */
export type TerminologyType = 'CodeSystem' | 'ValueSet' | 'ConceptMap';
type Of<T extends TerminologyType> = Extract<CodeSystem | ValueSet | ConceptMap, { resourceType: T }>;

/** Type level (`[base]/ValueSet/$expand`) or instance level (`[base]/ValueSet/123/$expand`). */
export type OperationLevel = 'type' | 'instance';

/** What an operation body gets. */
export interface OperationCall<T extends TerminologyType> {
  readonly input: OperationInput;
  /** The stored resource at instance level. */
  readonly instance: Of<T> | undefined;
  readonly terminology: TerminologyService;
}

/** Wraps an operation body (`run` answers the response resource) into a handler for `type` at `level`. */
export function terminologyOperation<T extends TerminologyType>(
  deps: FhirDeps,
  terminology: TerminologyService,
  type: T,
  level: OperationLevel,
  run: (call: OperationCall<T>) => Promise<unknown>,
): RequestHandler {
  return async (req, res) => {
    requireScope(res, type, 'r');
    const input = OperationInput.of(req);
    let instance: Of<T> | undefined;
    if (level === 'instance') {
      const ctx = requestCtx(req, res, deps.config);
      instance = (await deps.repo.read(ctx, type, idParam(req))) as Of<T>;
    }
    sendFhir(res, 200, await run({ input, instance, terminology }));
  };
}
