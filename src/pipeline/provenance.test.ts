import { describe, expect, it } from 'vitest';
import type { Bundle, Provenance } from 'fhir/r4.js';
import { withProvenance } from './provenance.js';

const input = { entryId: '42', sender: 'hl7v2:LAB/HOSP', description: 'HL7 v2 ADT^A01 M1', recorded: '2026-01-01T00:00:00.000Z', ids: () => 'new' };

const bundle = (...entries: NonNullable<Bundle['entry']>): Bundle => ({ resourceType: 'Bundle', type: 'transaction', entry: entries });

describe('withProvenance', () => {
  it('adds a PUT Provenance/inbox-<id> targeting every written resource (entries without fullUrl get one)', () => {
    const out = withProvenance(bundle(
      { fullUrl: 'urn:uuid:p', resource: { resourceType: 'Patient' }, request: { method: 'PUT', url: 'Patient?identifier=a|1' } },
      { resource: { resourceType: 'Encounter', status: 'finished', class: { code: 'IMP' } }, request: { method: 'POST', url: 'Encounter' } },
      { request: { method: 'DELETE', url: 'Observation/9' } },
    ), input);
    const entries = out.entry ?? [];
    expect(entries[1]?.fullUrl).toBe('urn:uuid:new');
    const last = entries[entries.length - 1];
    expect(last?.request).toEqual({ method: 'PUT', url: 'Provenance/inbox-42' });
    const p = last?.resource as Provenance;
    expect(p).toMatchObject({ id: 'inbox-42', recorded: input.recorded, target: [{ reference: 'urn:uuid:p' }, { reference: 'urn:uuid:new' }] });
    expect(p.entity?.[0]?.what?.identifier).toEqual({ system: 'urn:lyfeai:inbox', value: '42' });
  });

  it('turns the translator’s own POSTed Provenance into an idempotent PUT', () => {
    const own = bundle(
      { fullUrl: 'urn:uuid:p', resource: { resourceType: 'Patient' }, request: { method: 'POST', url: 'Patient' } },
      { fullUrl: 'urn:uuid:v', resource: { resourceType: 'Provenance', target: [{ reference: 'urn:uuid:p' }], recorded: 'x', agent: [] }, request: { method: 'POST', url: 'Provenance' } },
    );
    const out = withProvenance(own, input);
    expect(out.entry).toHaveLength(2);
    expect(out.entry?.[1]).toMatchObject({ fullUrl: 'urn:uuid:v', resource: { id: 'inbox-42' }, request: { method: 'PUT', url: 'Provenance/inbox-42' } });
  });

  it('leaves a bundle that writes nothing unchanged', () => {
    const empty = bundle({ request: { method: 'DELETE', url: 'Patient/1' } });
    expect(withProvenance(empty, input)).toBe(empty);
  });
});
