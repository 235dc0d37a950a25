/**
 * Patient-compartment restriction for patient-scoped callers (`ctx.patientCompartment`): resources of a
 * compartment type are visible / writable only inside the caller's compartment; resources of types outside
 * the compartment definition (Medication, Organization, ...) are readable but not writable.
 * https://hl7.org/fhir/R4/compartmentdefinition-patient.html
 */
import type { Resource } from 'fhir/r4.js';
import { forbidden, notFound } from '../core/outcomes.js';
import type { RequestContext } from './types.js';
import type { RepoDeps } from './context.js';

/** Whether `resource` belongs to `compartment` (`Patient/123`); the patient itself belongs to its own. */
export function inCompartment(deps: RepoDeps, resource: Resource, compartment: string): boolean {
  if (`${resource.resourceType}/${resource.id ?? ''}` === compartment) return true;
  if (!deps.compartmentTypes.has(resource.resourceType)) return false;
  return deps.extractor.extract(resource).compartments.includes(compartment);
}

/** Whether the caller may see `resource`. */
export function canRead(deps: RepoDeps, ctx: RequestContext, resource: Resource): boolean {
  const compartment = ctx.patientCompartment;
  if (compartment === undefined || !deps.compartmentTypes.has(resource.resourceType)) return true;
  return inCompartment(deps, resource, compartment);
}

/** Throws 404 (not 403: existence is not revealed) when the caller may not see `resource`. */
export function assertReadable(deps: RepoDeps, ctx: RequestContext, resource: Resource): void {
  if (!canRead(deps, ctx, resource)) throw notFound(`${resource.resourceType}/${resource.id ?? ''} not found`);
}

/** Throws 403 when a patient-scoped caller writes outside its compartment. */
export function assertWritable(deps: RepoDeps, ctx: RequestContext, resource: Resource): void {
  const compartment = ctx.patientCompartment;
  if (compartment === undefined) return;
  if (!inCompartment(deps, resource, compartment)) {
    throw forbidden(`${resource.resourceType} is outside the patient compartment ${compartment}`);
  }
}
