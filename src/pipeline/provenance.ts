/**
 * The Provenance of a committed inbound message: target = every resource the transaction writes,
 * entity = the raw inbox entry, agent = the sender. Added to the message's transaction (when the
 * translator did not add one) as `PUT Provenance/inbox-<entry id>`, so processing the same entry again
 * (crash recovery, replay) updates one Provenance instead of adding another.
 * https://hl7.org/fhir/R4/provenance.html · DESIGN.md "Ingestion"
 */
import type { Bundle, BundleEntry, Provenance, Reference } from 'fhir/r4.js';

/** `meta.source` and Provenance entity of resources written from inbox entry `id`. */
export function inboxEntryUri(id: string): string {
  return `urn:lyfeai:inbox:${id}`;
}

/** Identifier system of inbox entries (Provenance.entity.what) and of senders (Provenance.agent.who). */
export const INBOX_ENTRY_SYSTEM = 'urn:lyfeai:inbox';
export const SENDER_SYSTEM = 'urn:lyfeai:sender';

/** What the Provenance says about the message. */
export interface ProvenanceInput {
  readonly entryId: string;
  /** Format-qualified sender, e.g. `hl7v2:LAB/HOSP`. */
  readonly sender: string;
  /** Short description without PHI, e.g. `HL7 v2 ADT^A01 MSG00001`. */
  readonly description: string;
  /** When the message was received (ISO instant); fixed, so reprocessing writes equal content. */
  readonly recorded: string;
  /** New `urn:uuid:` ids for entries without a fullUrl. */
  readonly ids: () => string;
}

const WRITES = new Set(['POST', 'PUT']);

/**
 * `bundle` with a Provenance entry appended (entries without a fullUrl get one), or unchanged when it
 * already has a Provenance or writes no resource.
 */
export function withProvenance(bundle: Bundle, input: ProvenanceInput): Bundle {
  const entries = bundle.entry ?? [];
  const own = entries.findIndex((e) => e.resource?.resourceType === 'Provenance');
  if (own >= 0) return idempotentProvenance(bundle, own, input.entryId);
  const withUrls: BundleEntry[] = entries.map((e) =>
    e.fullUrl === undefined && e.resource !== undefined && WRITES.has(e.request?.method ?? '') ? { ...e, fullUrl: `urn:uuid:${input.ids()}` } : e);
  const target: Reference[] = withUrls
    .filter((e) => e.resource !== undefined && e.fullUrl !== undefined && WRITES.has(e.request?.method ?? ''))
    .map((e) => ({ reference: e.fullUrl ?? '' }));
  if (target.length === 0) return bundle;
  const id = `inbox-${input.entryId}`;
  const provenance: Provenance = {
    resourceType: 'Provenance',
    id,
    target,
    recorded: input.recorded,
    activity: { coding: [{ system: 'http://terminology.hl7.org/CodeSystem/v3-DataOperation', code: 'UPDATE', display: 'revise' }] },
    agent: [{
      type: { coding: [{ system: 'http://terminology.hl7.org/CodeSystem/provenance-participant-type', code: 'author', display: 'Author' }] },
      who: { identifier: { system: SENDER_SYSTEM, value: input.sender }, display: input.sender },
    }],
    entity: [{
      role: 'source',
      what: { identifier: { system: INBOX_ENTRY_SYSTEM, value: input.entryId }, display: input.description },
    }],
  };
  return {
    ...bundle,
    entry: [...withUrls, { fullUrl: `urn:uuid:${input.ids()}`, resource: provenance, request: { method: 'PUT', url: `Provenance/${id}` } }],
  };
}

/**
 * The translator's own Provenance (entry `index`), created with POST, becomes `PUT
 * Provenance/inbox-<entry id>`: processing the entry again updates it instead of adding a second one.
 */
function idempotentProvenance(bundle: Bundle, index: number, entryId: string): Bundle {
  const entries = bundle.entry ?? [];
  const entry = entries[index];
  if (entry?.resource === undefined || entry.request?.method !== 'POST' || entry.request.ifNoneExist !== undefined) return bundle;
  const id = `inbox-${entryId}`;
  const replaced: BundleEntry = { ...entry, resource: { ...entry.resource, id }, request: { method: 'PUT', url: `Provenance/${id}` } };
  return { ...bundle, entry: entries.map((e, i) => (i === index ? replaced : e)) };
}
