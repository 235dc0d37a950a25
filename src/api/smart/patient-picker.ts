/**
 * Patient search for the picker shown when `launch/patient` (or a `patient/` scope) is asked by a user
 * who is not a Patient. Reads through the repository like any other FHIR search.
 * https://hl7.org/fhir/smart-app-launch/scopes-and-launch-context.html#launch-context-arrives-with-your-access_token
 */
import type { Patient } from 'fhir/r4.js';
import type { FhirInteractions, RequestContext } from '../../repository/types.js';
import type { PatientChoice } from './html.js';

const PICKER_SIZE = 20;

function context(fhirBase: string): RequestContext {
  return { baseUrl: fhirBase, source: undefined, lenient: true, patientCompartment: undefined };
}

/** A display label: "Given Family (birthDate)". */
export function patientLabel(p: Patient): string {
  const n = p.name?.[0];
  const name = n?.text ?? [...(n?.given ?? []), n?.family ?? ''].join(' ').trim();
  return `${name === '' ? '(no name)' : name}${p.birthDate !== undefined ? ` (${p.birthDate})` : ''}`;
}

/** Up to 20 Patients whose name matches `name` (all when empty), by name. */
export async function searchPatients(repo: FhirInteractions, fhirBase: string, name: string): Promise<PatientChoice[]> {
  const params = new URLSearchParams({ _count: String(PICKER_SIZE) });
  if (name.trim() !== '') params.set('name', name.trim().slice(0, 100));
  const bundle = await repo.search(context(fhirBase), 'Patient', params);
  const out: PatientChoice[] = [];
  for (const e of bundle.entry ?? []) {
    const r = e.resource;
    if (r?.resourceType === 'Patient' && r.id !== undefined) out.push({ id: r.id, label: patientLabel(r) });
  }
  return out;
}

/** True when `Patient/id` exists. */
export async function patientExists(repo: FhirInteractions, fhirBase: string, id: string): Promise<boolean> {
  if (!/^[A-Za-z0-9\-.]{1,64}$/.test(id)) return false;
  try {
    await repo.read(context(fhirBase), 'Patient', id);
    return true;
  } catch {
    return false;
  }
}
