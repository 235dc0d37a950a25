/** The resources the contract suite writes, and small helpers to write them through the port. */
import type { FhirResource, Resource } from 'fhir/r4.js';
import type { FhirStore, FhirStoreTransaction, ResourceVersion } from '../../ports/fhir-store.js';

let tick = 0;
/** A strictly increasing `lastUpdated` (one second apart from 2024-01-01). */
export function nextInstant(): string {
  tick++;
  return new Date(Date.UTC(2024, 0, 1) + tick * 1000).toISOString();
}

/** A version record for `resource` (meta filled in), as the repository layer would build it. */
export function versionOf(resource: Resource, versionId: number, lastUpdated = nextInstant(), method: ResourceVersion['method'] = versionId === 1 ? 'POST' : 'PUT'): ResourceVersion {
  const id = resource.id ?? '';
  return {
    resourceType: resource.resourceType, id, versionId, lastUpdated, deleted: false, method,
    resource: { ...resource, meta: { ...resource.meta, versionId: String(versionId), lastUpdated } } as Resource,
  };
}

export function deletionOf(resourceType: string, id: string, versionId: number, lastUpdated = nextInstant()): ResourceVersion {
  return { resourceType, id, versionId, lastUpdated, deleted: true, method: 'DELETE', resource: undefined };
}

/** Writes `resource` as the next version (create or update) inside `tx`. */
export async function putIn(tx: FhirStoreTransaction, resource: Resource): Promise<ResourceVersion> {
  const current = await tx.read(resource.resourceType, resource.id ?? '');
  const v = versionOf(resource, (current?.versionId ?? 0) + 1);
  await tx.write(v);
  return v;
}

/** Writes every resource in one transaction. */
export async function putAll(store: FhirStore, resources: readonly Resource[]): Promise<void> {
  await store.transaction(async (tx) => {
    for (const r of resources) await putIn(tx, r);
  });
}

const LOINC = 'http://loinc.org';
const UCUM = 'http://unitsofmeasure.org';

/** Patients, an organization, observations and a few others covering every parameter type. */
export const DATASET: readonly FhirResource[] = [
  { resourceType: 'Organization', id: 'org1', name: 'Acme Health' },
  { resourceType: 'Organization', id: 'org2', name: 'Other Org' },
  {
    resourceType: 'Patient', id: 'p1', active: true, gender: 'male', birthDate: '1980-05-01',
    name: [{ family: 'Smith', given: ['John'] }], managingOrganization: { reference: 'Organization/org1' },
    identifier: [{ system: 'http://mrn', value: '123', type: { coding: [{ system: 'http://terminology.hl7.org/CodeSystem/v2-0203', code: 'MR' }] } }],
    address: [{ city: 'Boston' }],
  },
  {
    resourceType: 'Patient', id: 'p2', active: false, gender: 'female', birthDate: '1990-01-01',
    name: [{ family: 'Smythe', given: ['Jane'] }], managingOrganization: { reference: 'Organization/org2' },
    identifier: [{ system: 'http://mrn', value: "' OR 1=1 --" }],
  },
  { resourceType: 'Patient', id: 'p3', gender: 'other', name: [{ family: 'Ödegård', given: ['100%_x'] }] },
  {
    resourceType: 'Observation', id: 'o1', status: 'final', subject: { reference: 'Patient/p1' },
    code: { coding: [{ system: LOINC, code: '1234-5', display: 'Glucose level' }], text: 'Blood glucose' },
    effectiveDateTime: '2021-03-01T10:00:00Z', valueQuantity: { value: 5.4, unit: 'mg', system: UCUM, code: 'mg' },
  },
  {
    resourceType: 'Observation', id: 'o2', status: 'final', subject: { reference: 'Patient/p2' },
    code: { coding: [{ system: LOINC, code: '1234-5' }] },
    effectiveDateTime: '2019-06-01', valueQuantity: { value: 120, unit: 'mg', system: UCUM, code: 'mg' },
  },
  {
    resourceType: 'Observation', id: 'o3', status: 'preliminary', subject: { reference: 'Patient/p1' },
    code: { coding: [{ system: 'http://other', code: '9999' }] }, effectiveDateTime: '2020-06-15',
    performer: [{ identifier: { system: 'http://npi', value: 'N-1' } }],
  },
  { resourceType: 'Observation', id: 'o4', status: 'final', code: { coding: [{ system: LOINC, code: '8888-8' }] } },
  { resourceType: 'RiskAssessment', id: 'r1', status: 'final', subject: { reference: 'Patient/p1' }, prediction: [{ probabilityDecimal: 0.8 }] },
  { resourceType: 'RiskAssessment', id: 'r2', status: 'final', subject: { reference: 'Patient/p2' }, prediction: [{ probabilityDecimal: 0.25 }] },
  { resourceType: 'ValueSet', id: 'vs1', status: 'active', url: 'http://example.org/fhir/ValueSet/colors' },
  { resourceType: 'ValueSet', id: 'vs2', status: 'active', url: 'http://example.org/other/ValueSet/sizes' },
  // An absolute reference (to another server) is indexed as its URL; a relative one as `Type/id`.
  { resourceType: 'Encounter', id: 'e1', status: 'finished', class: { code: 'AMB' }, subject: { reference: 'https://other.example/fhir/Patient/p1' } },
  { resourceType: 'Encounter', id: 'e2', status: 'finished', class: { code: 'AMB' }, subject: { reference: 'Patient/p1/_history/1' } },
  {
    resourceType: 'List', id: 'l1', status: 'current', mode: 'working',
    entry: [{ item: { reference: 'Patient/p1' } }, { item: { reference: 'Patient/p3/_history/1' } }, { item: { reference: 'https://other.example/fhir/Patient/p2' } }],
  },
  { resourceType: 'List', id: 'l2', status: 'current', mode: 'working', entry: [{ item: { reference: 'Observation/o4' } }, { item: { reference: 'Patient/p2' } }] },
];

/** Ids of resources in a search page. */
export const ids = (page: { resources: readonly Resource[] }): string[] => page.resources.map((r) => r.id ?? '').sort();
