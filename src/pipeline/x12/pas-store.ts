/**
 * `Claim/$submit` (Da Vinci PAS), after its 278 went through the X12 pipeline: the submitted Bundle's
 * own resources are stored too, so the request is queryable as submitted (supporting info, care team,
 * encounter, practitioners …), not only as much of it as a 278 carries. The resources the 278 created
 * (Claim, Patient, insurer, requester, Coverage) are updated in place with the submitted content
 * (identifiers of both kept, so later X12 traffic still finds them); every other resource is created
 * (conditionally on its first identifier); references are rewritten to the stored ids; all in one
 * transaction. The pended ClaimResponse gets its PAS shape (requestor, item reviewAction A4), and the
 * answer is the PAS response Bundle: the ClaimResponse first, then what it references.
 * https://hl7.org/fhir/us/davinci-pas/OperationDefinition-Claim-submit.html ·
 * https://hl7.org/fhir/us/davinci-pas/StructureDefinition-profile-pas-response-bundle.html
 */
import type { Bundle, BundleEntry, Claim, ClaimResponse, FhirResource, Identifier, Meta, Reference, Resource } from 'fhir/r4.js';
import type { FhirInteractions, RequestContext } from '../../repository/types.js';

const PAS = 'http://hl7.org/fhir/us/davinci-pas/StructureDefinition';
/** X12 306 action codes (HCR01), the PAS review action code system. */
const ACTION_SYSTEM = 'https://codesystem.x12.org/005010/306';

/** The PAS reviewAction extension of a ClaimResponse item (`code` = HCR01, e.g. A4 pended). */
export function reviewActionExtension(code: string): NonNullable<ClaimResponse['extension']>[number] {
  return {
    url: `${PAS}/extension-reviewAction`,
    extension: [{ url: `${PAS}/extension-reviewActionCode`, valueCodeableConcept: { coding: [{ system: ACTION_SYSTEM, code }] } }],
  };
}

/** The names a bundle entry can be referenced by: its fullUrl, `Type/id`, and the tail of an absolute fullUrl. */
function namesOf(e: BundleEntry): string[] {
  const r = e.resource;
  const names: string[] = [];
  if (e.fullUrl !== undefined) names.push(e.fullUrl);
  if (r?.id !== undefined) names.push(`${r.resourceType}/${r.id}`);
  const tail = e.fullUrl === undefined ? undefined : /([A-Z][A-Za-z]+\/[A-Za-z0-9.-]{1,64})$/.exec(e.fullUrl)?.[1];
  if (tail !== undefined && r !== undefined && tail.startsWith(`${r.resourceType}/`)) names.push(tail);
  return names;
}

/** `value` with every `reference` found in `map` replaced (also used by set-parts.ts). */
export function rewriteReferences(value: unknown, map: ReadonlyMap<string, string>): unknown {
  if (Array.isArray(value)) return value.map((v) => rewriteReferences(v, map));
  if (value === null || typeof value !== 'object') return value;
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value)) out[k] = k === 'reference' && typeof v === 'string' ? (map.get(v) ?? v) : rewriteReferences(v, map);
  return out;
}

function unionIdentifiers(a: readonly Identifier[] | undefined, b: readonly Identifier[] | undefined): Identifier[] {
  const out: Identifier[] = [];
  const seen = new Set<string>();
  for (const i of [...(a ?? []), ...(b ?? [])]) {
    const key = `${i.system ?? ''}|${i.value ?? ''}`;
    if (seen.has(key)) continue;
    seen.add(key);
    out.push(i);
  }
  return out;
}

/** Only the client meta worth keeping (profiles, tags, security labels). */
function clientMeta(meta: Meta | undefined): { meta?: Meta } {
  if (meta === undefined) return {};
  const kept: Meta = {
    ...(meta.profile === undefined ? {} : { profile: meta.profile }),
    ...(meta.tag === undefined ? {} : { tag: meta.tag }),
    ...(meta.security === undefined ? {} : { security: meta.security }),
  };
  return Object.keys(kept).length === 0 ? {} : { meta: kept };
}

const literal = (ref: Reference | undefined): string | undefined => (ref?.reference !== undefined && /^[A-Z][A-Za-z]+\/[A-Za-z0-9.-]{1,64}$/.test(ref.reference) ? ref.reference : undefined);

/** What the 278 stored and what the PAS Bundle asked. */
export interface PasStoreInput {
  readonly bundle: Bundle;
  readonly claim: Claim;
  /** The Claim the 278 translation stored. */
  readonly stored: Claim;
  /** Its pended ClaimResponse, if found. */
  readonly pended: ClaimResponse | undefined;
  readonly ids: () => string;
}

/** Stores the PAS Bundle's resources over / beside what the 278 created; the stored Claim and ClaimResponse. */
export async function storePasBundle(repo: FhirInteractions, ctx: RequestContext, input: PasStoreInput): Promise<{ claim: Claim; response: ClaimResponse | undefined }> {
  const { bundle, claim, stored, pended } = input;
  const entries = (bundle.entry ?? []).filter((e): e is BundleEntry & { resource: FhirResource } => e.resource !== undefined);
  const claimEntry = entries.find((e) => e.resource === claim);
  // Submitted entry → the stored resource the 278 made for the same role.
  const roles = new Map<BundleEntry, string>();
  if (claimEntry !== undefined && stored.id !== undefined) roles.set(claimEntry, `Claim/${stored.id}`);
  const role = (ref: Reference | undefined, storedRef: Reference | undefined): void => {
    const target = literal(storedRef);
    const entry = ref?.reference === undefined ? undefined : entries.find((e) => namesOf(e).includes(ref.reference ?? '') || ref.reference?.endsWith(`/${e.resource.resourceType}/${e.resource.id ?? ''}`) === true);
    if (entry !== undefined && target !== undefined && target.startsWith(`${entry.resource.resourceType}/`) && !roles.has(entry)) roles.set(entry, target);
  };
  role(claim.patient, stored.patient);
  role(claim.insurer, stored.insurer);
  role(claim.provider, stored.provider);
  role(claim.insurance?.[0]?.coverage, stored.insurance?.[0]?.coverage);

  const map = new Map<string, string>();
  const targets = new Map<BundleEntry, string>();
  for (const e of entries) {
    const target = roles.get(e) ?? `urn:uuid:${input.ids()}`;
    targets.set(e, target);
    for (const name of namesOf(e)) map.set(name, target);
  }
  const out: BundleEntry[] = [];
  for (const e of entries) {
    const target = targets.get(e) ?? '';
    const { id: _id, meta, ...body } = rewriteReferences(e.resource, map) as Resource & Record<string, unknown>;
    const submitted = body as Resource & { identifier?: Identifier[] };
    if (roles.has(e)) {
      const [type, id] = target.split('/');
      const current = await repo.read(ctx, type ?? '', id ?? '') as Resource & { identifier?: Identifier[] };
      const identifier = unionIdentifiers(current.identifier, submitted.identifier);
      const resource = { ...submitted, ...clientMeta(meta), id, ...(identifier.length === 0 ? {} : { identifier }) } as FhirResource;
      out.push({ fullUrl: target, resource, request: { method: 'PUT', url: target } });
      continue;
    }
    const first = submitted.identifier?.find((i) => i.system !== undefined && i.value !== undefined);
    out.push({
      fullUrl: target, resource: { ...submitted, ...clientMeta(meta) } as FhirResource,
      request: { method: 'POST', url: submitted.resourceType, ...(first === undefined ? {} : { ifNoneExist: `identifier=${encodeURIComponent(`${first.system ?? ''}|${first.value ?? ''}`)}` }) },
    });
  }
  if (pended?.id !== undefined) {
    const shaped: ClaimResponse = {
      ...pended, ...(pended.requestor === undefined && stored.provider !== undefined ? { requestor: stored.provider } : {}),
      item: (pended.item ?? []).map((it) => ({
        ...it, extension: [...(it.extension ?? []).filter((x) => x.url !== `${PAS}/extension-reviewAction`), reviewActionExtension(pended.outcome === 'complete' ? pended.disposition ?? 'A1' : 'A4')],
      })),
    };
    out.push({ fullUrl: `ClaimResponse/${pended.id}`, resource: shaped, request: { method: 'PUT', url: `ClaimResponse/${pended.id}` } });
  }
  await repo.bundle(ctx, { resourceType: 'Bundle', type: 'transaction', entry: out }, { prefer: 'minimal' });
  const claimNow = await repo.read(ctx, 'Claim', stored.id ?? '') as Claim;
  const response = pended?.id === undefined ? undefined : await repo.read(ctx, 'ClaimResponse', pended.id) as ClaimResponse;
  return { claim: claimNow, response };
}

/** The PAS response Bundle: the ClaimResponse, then the patient, insurer, requestor and the Claim it answers. */
export async function pasResponseBundle(repo: FhirInteractions, ctx: RequestContext, request: Bundle, claim: Claim, response: ClaimResponse | undefined,
  now: Date, ids: () => string): Promise<Bundle> {
  const resources: FhirResource[] = response === undefined ? [] : [response];
  const seen = new Set<string>(resources.map((r) => `${r.resourceType}/${r.id ?? ''}`));
  for (const ref of [response?.patient ?? claim.patient, response?.insurer ?? claim.insurer, response?.requestor ?? claim.provider]) {
    const target = literal(ref);
    if (target === undefined || seen.has(target)) continue;
    seen.add(target);
    const [type, id] = target.split('/');
    const r = await repo.read(ctx, type ?? '', id ?? '').catch(() => undefined);
    if (r !== undefined) resources.push(r as FhirResource);
  }
  resources.push(claim);
  return {
    resourceType: 'Bundle', meta: { profile: ['http://hl7.org/fhir/us/davinci-pas/StructureDefinition/profile-pas-response-bundle'] },
    identifier: request.identifier ?? { system: 'urn:ietf:rfc:3986', value: `urn:uuid:${ids()}` },
    type: 'collection', timestamp: now.toISOString(),
    entry: resources.map((r) => ({ fullUrl: `${ctx.baseUrl}/${r.resourceType}/${r.id ?? ''}`, resource: r })),
  };
}
