/** ADT A40 through the pipeline (real SQLite, real translator): the old patient's data moves to the survivor. */
import { afterEach, describe, expect, it } from 'vitest';
import type { Bundle, Encounter, FhirResource, Observation, Patient, Provenance } from 'fhir/r4.js';
import { ackSummary, startHl7v2Harness, type Hl7v2Harness } from '../../../test/e2e/support/hl7v2-harness.js';
import { translateHl7v2 } from '../../translators/hl7v2/fhir/translate.js';
import { ADT_FIXTURES } from '../../translators/hl7v2/fhir/messages/fixtures.js';
import { mergedPatientQueries } from './merge-follow-up.js';

const ctx = { baseUrl: 'http://gateway.test/fhir', source: undefined, lenient: false, patientCompartment: undefined };
let h: Hl7v2Harness;
afterEach(async () => {
  await h.close();
});

const A01 = ADT_FIXTURES.A01 ?? '';
const A40 = ADT_FIXTURES.A40 ?? '';
/** The A01 of the patient that A40 merges away (MRN 999, visit V999). */
const OLD_A01 = A01.replace('PID|1||123^', 'PID|1||999^').replace('V100^', 'V999^').replace('|M01|', '|M01B|');

async function all<T extends FhirResource>(type: T['resourceType'], query = ''): Promise<T[]> {
  const b = await h.repo.search(ctx, type, new URLSearchParams(query));
  return (b.entry ?? []).map((e) => e.resource as T);
}

async function seed(): Promise<{ old: Patient; survivor: Patient; obs: Observation }> {
  h = startHl7v2Harness({ translate: translateHl7v2 });
  for (const text of [A01, OLD_A01]) expect(ackSummary((await h.send(text))[0]).code).toBe('AA');
  const [old] = await all<Patient>('Patient', 'identifier=urn:id:HOSP|999');
  const [survivor] = await all<Patient>('Patient', 'identifier=urn:id:HOSP|123');
  if (old?.id === undefined || survivor?.id === undefined) throw new Error('patients not seeded');
  const obs = (await h.repo.create(ctx, {
    resourceType: 'Observation', status: 'final', code: { text: 'heart rate' },
    subject: { reference: `Patient/${old.id}` }, performer: [{ reference: `http://gateway.test/fhir/Patient/${old.id}` }],
  })).resource as Observation;
  return { old, survivor, obs };
}

describe('ADT A40 moves the merged patient\'s references', () => {
  it('rewrites the Observation and Encounter of the old patient to the survivor, with a Provenance', async () => {
    const { old, survivor, obs } = await seed();
    const oldEncounters = await all<Encounter>('Encounter', `subject=Patient/${old.id ?? ''}`);
    expect(oldEncounters).toHaveLength(1);
    const [ack] = await h.send(A40);
    // (ERR 103 warnings are the unmapped v2 codes of the identity code mapper; 207 would be "not moved".)
    expect(ackSummary(ack).code).toBe('AA');
    expect(ackSummary(ack).errors).not.toContain('207');

    const movedObs = await h.repo.read(ctx, 'Observation', obs.id ?? '') as Observation;
    expect(movedObs.subject?.reference).toBe(`Patient/${survivor.id ?? ''}`);
    expect(movedObs.performer?.[0]?.reference).toBe(`Patient/${survivor.id ?? ''}`);
    expect(movedObs.meta?.versionId).toBe('2');
    const encounter = await h.repo.read(ctx, 'Encounter', oldEncounters[0]?.id ?? '') as Encounter;
    expect(encounter.subject?.reference).toBe(`Patient/${survivor.id ?? ''}`);
    // Nothing movable is left in the old compartment; the old record itself keeps its link.
    expect(await all('Observation', `subject=Patient/${old.id ?? ''}`)).toEqual([]);
    expect(await all('Encounter', `subject=Patient/${old.id ?? ''}`)).toEqual([]);
    expect((await h.repo.read(ctx, 'Patient', old.id ?? '') as Patient).link?.[0]?.other.reference).toBe(`Patient/${survivor.id ?? ''}`);

    const provenances = (await all<Provenance>('Provenance', `target=Observation/${obs.id ?? ''}`));
    expect(provenances).toHaveLength(1);
    expect(provenances[0]?.activity?.text).toBe(`patient merge: references moved from Patient/${old.id ?? ''} to Patient/${survivor.id ?? ''}`);
    expect(provenances[0]?.target.map((t) => t.reference)).toEqual(expect.arrayContaining([`Observation/${obs.id ?? ''}`, `Encounter/${encounter.id ?? ''}`]));
    expect(provenances[0]?.entity?.[0]?.what?.identifier?.system).toBe('urn:lyfeai:inbox');
  });

  it('replaying the A40 (admin replay, or resent under a new control id) changes nothing more', async () => {
    const { obs } = await seed();
    await h.send(A40);
    const entryId = (await h.inbox.list({ limit: 10 })).entries.find((e) => e.messageType === 'ADT^A40')?.id ?? '';
    const versions = async (): Promise<string[]> => {
      const b: Bundle = await h.repo.search(ctx, undefined, new URLSearchParams([['_type', 'Observation,Encounter,Condition,AllergyIntolerance,Provenance']]));
      return (b.entry ?? []).map((e) => `${e.resource?.resourceType ?? ''}/${e.resource?.id ?? ''}/${e.resource?.meta?.versionId ?? ''}`).sort();
    };
    const before = await versions();
    expect((await h.pipeline.replay(entryId)).ackCode).toBe('AA');
    expect(ackSummary((await h.send(A40.replace('|M40|', '|M40B|')))[0]).code).toBe('AA');
    const after = await versions();
    // The message's own Provenance for the resent copy is new; no clinical resource got a new version.
    expect(after.filter((v) => !v.startsWith('Provenance/'))).toEqual(before.filter((v) => !v.startsWith('Provenance/')));
    expect((await h.repo.read(ctx, 'Observation', obs.id ?? '')).meta?.versionId).toBe('2');
    expect(await all('Provenance', 'target=Observation/' + (obs.id ?? ''))).toHaveLength(1);
  });

  it('finds the merge in a bundle only from a Patient PATCH adding a replaced-by link', () => {
    const patch = (url: string, code: string): Bundle['entry'] => [{
      resource: { resourceType: 'Parameters', parameter: [{ name: 'operation', part: [{ name: 'value', part: [{ name: 'type', valueCode: code }] }] }] },
      request: { method: 'PATCH', url },
    }];
    const bundle = (entry: Bundle['entry']): Bundle => ({ resourceType: 'Bundle', type: 'transaction', ...(entry === undefined ? {} : { entry }) });
    expect(mergedPatientQueries(bundle(patch('Patient?identifier=a|1', 'replaced-by')))).toEqual(['identifier=a|1']);
    expect(mergedPatientQueries(bundle(patch('Patient?identifier=a|1', 'seealso')))).toEqual([]);
    expect(mergedPatientQueries(bundle(patch('Encounter?identifier=a|1', 'replaced-by')))).toEqual([]);
  });
});
