/**
 * Out-of-order demographic updates: an A08 / A31 whose event time (EVN-2, else MSH-7) is older than a
 * demographic event already applied for the same patient is skipped (AA with an informational issue),
 * so a late update never overwrites newer data. The "last applied event" is durable without new
 * storage: every applied message leaves a Provenance whose `activity` holds the trigger (table 0003)
 * and whose `occurred` holds the event time, targeting the Patient. The check is one Patient search by
 * identifier and one Provenance search (`target`, `activity`, `when=gt…`, `_count=1`).
 * https://build.fhir.org/ig/HL7/v2-to-fhir/ · https://hl7.org/fhir/R4/provenance.html#search
 */
import type { OperationOutcomeIssue } from 'fhir/r4.js';
import { issue } from '../../core/outcomes.js';
import type { FhirInteractions, RequestContext } from '../../repository/types.js';

/** Triggers judged by event time: the demographic updates. */
export const DEMOGRAPHIC_UPDATES: ReadonlySet<string> = new Set(['ADT^A08', 'ADT^A31']);

/** Triggers whose applied messages carry the patient's demographics (what a late update must not undo). */
export const DEMOGRAPHIC_EVENTS: readonly string[] = ['A01', 'A04', 'A05', 'A08', 'A14', 'A28', 'A31'];

const V2_0003 = 'http://terminology.hl7.org/CodeSystem/v2-0003';

/** FHIR search token escaping of one part. https://hl7.org/fhir/R4/search.html#escaping */
const esc = (s: string): string => s.replace(/[\\,$|]/g, (c) => `\\${c}`);

/**
 * The informational issue saying why the update was skipped, or undefined when it is to be applied
 * (not a demographic update, no event time / patient, unknown patient, or nothing newer applied).
 */
export async function staleUpdateIssue(
  repo: Pick<FhirInteractions, 'search'>, ctx: RequestContext, messageType: string | undefined, patientKey: string | undefined, eventTime: string | undefined,
): Promise<OperationOutcomeIssue | undefined> {
  if (messageType === undefined || !DEMOGRAPHIC_UPDATES.has(messageType) || patientKey === undefined || eventTime === undefined) return undefined;
  const bar = patientKey.indexOf('|');
  if (bar < 0) return undefined;
  const identifier = `${esc(patientKey.slice(0, bar))}|${esc(patientKey.slice(bar + 1))}`;
  const patients = await repo.search(ctx, 'Patient', new URLSearchParams({ identifier, _elements: 'id', _count: '1' }));
  const id = patients.entry?.[0]?.resource?.id;
  if (id === undefined) return undefined;
  const newer = await repo.search(ctx, 'Provenance', new URLSearchParams({
    target: `Patient/${id}`,
    activity: DEMOGRAPHIC_EVENTS.map((e) => `${V2_0003}|${e}`).join(','),
    when: `gt${eventTime}`,
    _elements: 'id',
    _count: '1',
  }));
  if ((newer.entry ?? []).length === 0) return undefined;
  return issue('information', 'informational', `${messageType} event time ${eventTime} is older than a demographic event already applied for this patient; not applied`, 'EVN-2');
}
