/**
 * The ADT bundles applied to a real FhirRepository (SQLite in memory): replays converge, A08 changes only
 * what it carries and falls back to registering an unknown patient, A11 / A13 undo, A40 links and
 * deactivates the merged record, A47 swaps the identifier, A60 writes allergies. This is the contract
 * the pipeline relies on (docs/hl7v2-mapping.md, "Applying the bundles").
 */
import { beforeEach, describe, expect, it } from 'vitest';
import type { Bundle, Encounter, FhirResource, Patient } from 'fhir/r4.js';
import { loadSearchParamRegistry } from '../../src/core/search/registry.js';
import { createIndexExtractor } from '../../src/core/search/extract.js';
import { openTestStore } from '../../src/store/test-support/store-kinds.js';
import { createSchemaValidator } from '../../src/validation/schema-validator.js';
import type { FhirRepository } from '../../src/repository/fhir-repository.js';
import { makeRepository, outcomeOf, testContext as repoContext } from '../../src/repository/test-harness.js';
import { parseHl7Message } from '../../src/translators/hl7v2/parser/index.js';
import { translateHl7v2 } from '../../src/translators/hl7v2/fhir/translate.js';
import { testContext } from '../../src/translators/hl7v2/fhir/testing.js';
import { ADT_FIXTURES } from '../../src/translators/hl7v2/fhir/messages/fixtures.js';

const registry = loadSearchParamRegistry();
const extractor = createIndexExtractor(registry);
const validator = createSchemaValidator();
// The repository stamps meta.source from the request context: the pipeline passes the translation's source.
const ctx = repoContext({ source: 'hl7v2:TEST' });

function fixture(event: string): string {
  const text = ADT_FIXTURES[event];
  if (text === undefined) throw new Error(`no fixture ${event}`);
  return text;
}

describe('ADT bundles applied to the repository', () => {
  let repo: FhirRepository;
  let n = 0;
  beforeEach(async () => {
    repo = makeRepository({ store: await openTestStore('sqlite', registry, extractor), registry, extractor, validator });
  });

  /** Translates and applies; uses the fallback bundle when the main one fails with 404 (the pipeline's rule). */
  async function apply(text: string): Promise<Bundle> {
    const result = translateHl7v2(parseHl7Message(text), testContext({ ids: () => `00000000-0000-4000-8000-${String(++n).padStart(12, '0')}` }));
    expect(result.issues.filter((i) => i.severity === 'error')).toEqual([]);
    try {
      return await repo.bundle(ctx, result.bundle);
    } catch (e) {
      if (result.fallbackBundle === undefined) throw e;
      const err = await outcomeOf(Promise.reject(e));
      expect(err.category).toBe('not-found');
      return repo.bundle(ctx, result.fallbackBundle);
    }
  }

  async function all<T extends FhirResource>(type: T['resourceType'], query = ''): Promise<T[]> {
    const b = await repo.search(ctx, type, new URLSearchParams(query));
    return (b.entry ?? []).map((e) => e.resource as T);
  }

  it('A01 twice converges: one patient, one encounter, one of each record', async () => {
    await apply(fixture('A01'));
    await apply(fixture('A01'));
    for (const type of ['Patient', 'Encounter', 'Condition', 'AllergyIntolerance', 'Coverage', 'Practitioner', 'Location', 'Organization'] as const) {
      expect((await all(type)).length, type).toBe(1);
    }
    expect((await all('Provenance')).length).toBe(2);
    const [patient] = await all<Patient>('Patient');
    expect(patient?.meta?.source).toBe('hl7v2:TEST');
  });

  it('A08 changes only the carried fields; "" removes; unknown patient is registered by the fallback', async () => {
    await apply(fixture('A08'));
    expect((await all<Patient>('Patient'))[0]?.name?.[0]?.given).toEqual(['JANE', 'R']);
    await apply(fixture('A01'));
    await apply(fixture('A08'));
    const [p] = await all<Patient>('Patient');
    expect(p?.name?.[0]?.given).toEqual(['JANE', 'R']);
    expect(p?.address).toBeUndefined();
    expect(p?.telecom?.[0]?.value).toBe('+1 (217) 5551234');
    expect(p?.contact?.length).toBe(1);
    await apply(fixture('A31'));
    const [q] = await all<Patient>('Patient');
    expect(q?.telecom?.[0]?.value).toBe('+1 (217) 5550000');
    expect(q?.name?.[0]?.given).toEqual(['JANE', 'R']);
    expect((await all('Patient')).length).toBe(1);
  });

  it('A03 finishes, A13 undoes the discharge, A11 cancels the visit', async () => {
    await apply(fixture('A01'));
    await apply(fixture('A03'));
    let [e] = await all<Encounter>('Encounter');
    expect([e?.status, e?.period?.end]).toEqual(['finished', '2024-01-20T12:00:00-05:00']);
    await apply(fixture('A13'));
    [e] = await all<Encounter>('Encounter');
    expect([e?.status, e?.period?.end]).toEqual(['in-progress', undefined]);
    await apply(fixture('A11'));
    [e] = await all<Encounter>('Encounter');
    expect(e?.status).toBe('entered-in-error');
    expect((await all('Encounter')).length).toBe(1);
  });

  it('A40 deactivates the merged patient and links it to the survivor', async () => {
    await apply(fixture('A01'));
    await apply(fixture('A01').replace('PID|1||123^', 'PID|1||999^').replace('V100^', 'V999^'));
    await apply(fixture('A40'));
    await apply(fixture('A40')); // replay converges
    const [old] = await all<Patient>('Patient', 'identifier=urn:id:HOSP|999');
    const [survivor] = await all<Patient>('Patient', 'identifier=urn:id:HOSP|123');
    expect(old?.active).toBe(false);
    expect(old?.link).toEqual([{ other: { reference: `Patient/${survivor?.id ?? ''}` }, type: 'replaced-by' }]);
  });

  it('A47 replaces the identifier; a replay registers nothing new', async () => {
    await apply(fixture('A01'));
    await apply(fixture('A47'));
    await apply(fixture('A47'));
    const patients = await all<Patient>('Patient');
    expect(patients.length).toBe(1);
    expect(patients[0]?.identifier?.map((i) => i.value)).toEqual(['456']);
  });

  it('A60 writes the allergy once per IAM-7', async () => {
    await apply(fixture('A60'));
    await apply(fixture('A60'));
    expect((await all('AllergyIntolerance')).length).toBe(1);
  });
});
