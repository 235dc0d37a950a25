/**
 * The care date range of `$everything` (`start` / `end`): "the date range relates to care dates, not
 * record currency dates". Each clinical resource type is judged by its clinical date search parameter(s)
 * (Observation.effective, Encounter.period, MedicationRequest.authoredOn, ...), read from the resource's
 * index values; resources of other types (Patient, Practitioner, Coverage, ...) and resources without a
 * clinical date are always in range.
 * https://hl7.org/fhir/R4/patient-operation-everything.html
 */
import type { Resource } from 'fhir/r4.js';
import { badRequest } from '../core/outcomes.js';
import { parseFhirDate } from '../core/fhir-date.js';
import type { IndexExtractor, SearchParamRegistry } from '../core/search/types.js';

/** Resource type → its clinical date search parameters, first with values wins (R4 codes). */
export const CARE_DATE_PARAMS: Readonly<Record<string, readonly string[]>> = {
  AllergyIntolerance: ['onset', 'date'],
  Appointment: ['date'],
  CarePlan: ['date'],
  CareTeam: ['date'],
  Claim: ['created'],
  ClinicalImpression: ['date'],
  Communication: ['sent'],
  CommunicationRequest: ['occurrence', 'authored'],
  Composition: ['date'],
  Condition: ['onset-date', 'recorded-date'],
  DeviceRequest: ['event-date', 'authored-on'],
  DiagnosticReport: ['date'],
  DocumentReference: ['period', 'date'],
  Encounter: ['date'],
  EpisodeOfCare: ['date'],
  ExplanationOfBenefit: ['created'],
  FamilyMemberHistory: ['date'],
  Flag: ['date'],
  Goal: ['start-date'],
  ImagingStudy: ['started'],
  Immunization: ['date'],
  MedicationAdministration: ['effective-time'],
  MedicationDispense: ['whenhandedover', 'whenprepared'],
  MedicationRequest: ['authoredon'],
  MedicationStatement: ['effective'],
  NutritionOrder: ['datetime'],
  Observation: ['date'],
  Procedure: ['date'],
  QuestionnaireResponse: ['authored'],
  RiskAssessment: ['date'],
  ServiceRequest: ['occurrence', 'authored'],
  Specimen: ['collected'],
};

/** An inclusive epoch-ms range; either side may be open. */
export interface CareDateRange {
  readonly low: number;
  readonly high: number;
}

/** Parses `start` / `end` (FHIR date or dateTime; `end` covers its whole precision); undefined when neither is given. */
export function parseCareDateRange(start: string | undefined, end: string | undefined): CareDateRange | undefined {
  if (start === undefined && end === undefined) return undefined;
  const parse = (name: string, value: string | undefined): { low: number; high: number } | undefined => {
    if (value === undefined) return undefined;
    const range = parseFhirDate(value);
    if (range === undefined) throw badRequest(`${name} must be a FHIR date like 2024-01-31, got '${value.slice(0, 40)}'`, name);
    return range;
  };
  const low = parse('start', start)?.low ?? Number.MIN_SAFE_INTEGER;
  const high = parse('end', end)?.high ?? Number.MAX_SAFE_INTEGER;
  if (low > high) throw badRequest('start must not be after end', 'start');
  return { low, high };
}

/**
 * A predicate: whether a resource's care date overlaps `range` (always true for types without one and for
 * resources that carry no clinical date).
 */
export function careDateFilter(registry: SearchParamRegistry, extractor: IndexExtractor, range: CareDateRange): (resource: Resource) => boolean {
  return (resource) => {
    const params = (CARE_DATE_PARAMS[resource.resourceType] ?? []).filter((p) => registry.get(resource.resourceType, p) !== undefined);
    if (params.length === 0) return true;
    const entries = extractor.extract(resource).entries;
    for (const param of params) {
      const dates = entries.flatMap((e) => (e.param === param && e.value.kind === 'date' ? [e.value] : []));
      if (dates.length > 0) return dates.some((d) => d.low <= range.high && d.high >= range.low);
    }
    return true;
  };
}
