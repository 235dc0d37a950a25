/**
 * Shared X12 → FHIR element mappings: names (NM1), addresses (N3 / N4), contacts (PER), dates
 * (D8 / RD8 / DTM), amounts, demographics (DMG), and the party resources an NM1 loop becomes
 * (Organization, Practitioner, Patient) with their identifiers (NM108 / NM109, REF).
 * https://x12.org (NM1, N3, N4, PER, DMG, DTP); https://hl7.org/fhir/us/carin-bb/
 */
import type { Address, ContactPoint, HumanName, Identifier, Money, Organization, Patient, Period, Practitioner, Reference } from 'fhir/r4.js';
import { decodeX12Text } from '../tokenizer/index.js';
import { el, segmentIn, segmentsIn, triggerNode, type X12Loop, type X12SegmentNode } from '../transactions/index.js';
import type { X12BundleBuilder } from './bundle.js';
import { defaultIdentifierSystem, SYSTEMS, type X12IdentifierKind, type X12TranslateContext } from './context.js';

/** Element text decoded for FHIR (UTF-8 when valid, else Latin-1), trimmed. */
export function text(node: X12SegmentNode | undefined, n: number): string {
  return decodeX12Text(el(node, n)).trim();
}

/** Identifier system for `kind` in `scope`. */
export function systemFor(ctx: X12TranslateContext, kind: X12IdentifierKind, scope: string): string {
  return (ctx.identifierSystem ?? defaultIdentifierSystem)(kind, scope);
}

/** CCYYMMDD → YYYY-MM-DD (undefined when not a date). */
export function fhirDate(v: string): string | undefined {
  const m = /^(\d{4})(\d\d)(\d\d)$/.exec(v.trim());
  if (m === null) return undefined;
  const month = Number(m[2]);
  const day = Number(m[3]);
  const valid = month >= 1 && month <= 12 && day >= 1 && day <= new Date(Date.UTC(Number(m[1]), month, 0)).getUTCDate();
  return valid ? `${m[1]}-${m[2]}-${m[3]}` : undefined;
}

/** A DTP date (format D8 / RD8) as a date and a period. */
export function dtpPeriod(node: X12SegmentNode | undefined): { date?: string; period?: Period } {
  if (node === undefined) return {};
  const format = node.segment.id === 'DTP' ? el(node, 2) : 'D8';
  const value = node.segment.id === 'DTP' ? el(node, 3) : el(node, 2);
  if (format === 'RD8') {
    const [a = '', b = ''] = value.split('-');
    const start = fhirDate(a);
    const end = fhirDate(b);
    return { ...(start === undefined ? {} : { date: start }), period: { ...(start === undefined ? {} : { start }), ...(end === undefined ? {} : { end }) } };
  }
  const date = fhirDate(value);
  return date === undefined ? {} : { date, period: { start: date, end: date } };
}

/** An amount in USD (undefined when absent or not a number). */
export function money(v: string): Money | undefined {
  if (v.trim() === '' || !Number.isFinite(Number(v))) return undefined;
  return { value: Number(v), currency: 'USD' };
}

/** Number (undefined when absent). */
export function num(v: string): number | undefined {
  return v.trim() === '' || !Number.isFinite(Number(v)) ? undefined : Number(v);
}

/** NM1 person / organization name. */
export function nameOf(nm1: X12SegmentNode | undefined): HumanName | undefined {
  if (nm1 === undefined || text(nm1, 3) === '') return undefined;
  const given = [text(nm1, 4), text(nm1, 5)].filter((g) => g !== '');
  return {
    family: text(nm1, 3), ...(given.length > 0 ? { given } : {}),
    ...(text(nm1, 6) === '' ? {} : { prefix: [text(nm1, 6)] }), ...(text(nm1, 7) === '' ? {} : { suffix: [text(nm1, 7)] }),
  };
}

/** N3 / N4 of a loop as an address. */
export function addressOf(loop: X12Loop | undefined): Address | undefined {
  const n3 = segmentIn(loop, 'N3');
  const n4 = segmentIn(loop, 'N4');
  if (n3 === undefined && n4 === undefined) return undefined;
  const line = [text(n3, 1), text(n3, 2)].filter((l) => l !== '');
  const a: Address = {
    ...(line.length > 0 ? { line } : {}), ...(text(n4, 1) === '' ? {} : { city: text(n4, 1) }),
    ...(text(n4, 2) === '' ? {} : { state: text(n4, 2) }), ...(text(n4, 3) === '' ? {} : { postalCode: text(n4, 3) }),
    ...(text(n4, 4) === '' ? {} : { country: text(n4, 4) }),
  };
  return a;
}

const TELECOM: Readonly<Record<string, ContactPoint['system']>> = { TE: 'phone', FX: 'fax', EM: 'email', UR: 'url', EX: 'other' };

/** PER communication numbers (pairs 3/4, 5/6, 7/8). */
export function telecomOf(loop: X12Loop | undefined): ContactPoint[] {
  const out: ContactPoint[] = [];
  for (const per of segmentsIn(loop, 'PER')) {
    for (const [q, v] of [[3, 4], [5, 6], [7, 8]] as const) {
      const system = TELECOM[el(per, q)];
      if (system !== undefined && system !== 'other' && text(per, v) !== '') out.push({ system, value: text(per, v) });
    }
  }
  return out;
}

/** DMG birth date and gender. */
export function demographicsOf(loop: X12Loop | undefined): Pick<Patient, 'birthDate' | 'gender'> {
  const dmg = segmentIn(loop, 'DMG');
  if (dmg === undefined) return {};
  const birthDate = el(dmg, 1) === 'D8' ? fhirDate(el(dmg, 2)) : undefined;
  const gender = ({ F: 'female', M: 'male', U: 'unknown' } as const)[el(dmg, 3) as 'F' | 'M' | 'U'];
  return { ...(birthDate === undefined ? {} : { birthDate }), ...(gender === undefined ? {} : { gender }) };
}

/**
 * The identifiers of a provider / payer NM1 loop: NM108/NM109 (XX NPI, FI / 24 / EI TIN, 34 SSN, PI /
 * XV payer id, 46 ETIN, MI member id) and REF EI / SY / TJ. `scope` qualifies payer-assigned ids.
 */
export function partyIdentifiers(ctx: X12TranslateContext, loop: X12Loop | undefined, memberScope = ''): Identifier[] {
  const out: Identifier[] = [];
  const nm1 = loop === undefined ? undefined : triggerNode(loop);
  const idQualifier = nm1 === undefined ? '' : nm1.segment.id === 'N1' ? el(nm1, 3) : el(nm1, 8);
  const value = nm1 === undefined ? '' : nm1.segment.id === 'N1' ? text(nm1, 4) : text(nm1, 9);
  const push = (q: string, v: string): void => {
    if (v === '') return;
    const system = ({ XX: SYSTEMS.npi, FI: SYSTEMS.tin, EI: SYSTEMS.tin, '24': SYSTEMS.tin, TJ: SYSTEMS.tin, '34': SYSTEMS.ssn, SY: SYSTEMS.ssn } as Record<string, string>)[q]
      ?? (q === 'PI' || q === 'XV' || q === '2U' || q === 'NF' ? systemFor(ctx, 'payer', '')
        : q === 'MI' || q === 'ZZ' || q === '0F' ? systemFor(ctx, 'member', memberScope)
          : q === '46' ? systemFor(ctx, 'provider', 'etin') : systemFor(ctx, 'provider', q));
    if (!out.some((i) => i.system === system && i.value === v)) out.push({ system, value: v });
  };
  push(idQualifier, value);
  for (const ref of segmentsIn(loop, 'REF')) push(el(ref, 1), text(ref, 2));
  return out;
}

/** An organization (NM102 = 2 or N1) from an NM1 / N1 loop; conditional on its first identifier. */
export function organizationFrom(ctx: X12TranslateContext, b: X12BundleBuilder, loop: X12Loop | undefined, type?: 'pay' | 'prov' | 'ins'): Reference | undefined {
  const nm1 = loop === undefined ? undefined : triggerNode(loop);
  if (nm1 === undefined) return undefined;
  const name = nm1.segment.id === 'N1' ? text(nm1, 2) : text(nm1, 3);
  const identifier = partyIdentifiers(ctx, loop);
  const address = addressOf(loop);
  const telecom = telecomOf(loop);
  const org: Organization = {
    resourceType: 'Organization', active: true,
    ...(identifier.length > 0 ? { identifier } : {}), ...(name === '' ? {} : { name }),
    ...(type === undefined ? {} : { type: [{ coding: [{ system: 'http://terminology.hl7.org/CodeSystem/organization-type', code: type }] }] }),
    ...(telecom.length > 0 ? { telecom } : {}), ...(address === undefined ? {} : { address: [address] }),
  };
  const first = identifier[0];
  return first === undefined ? b.add(org, 'create') : b.addIdentified(org, 'create-if-absent', first);
}

/** A person provider (NM102 = 1) as a Practitioner, or an organization provider. */
export function providerFrom(ctx: X12TranslateContext, b: X12BundleBuilder, loop: X12Loop | undefined): Reference | undefined {
  const nm1 = loop === undefined ? undefined : triggerNode(loop);
  if (nm1 === undefined) return undefined;
  if (el(nm1, 2) !== '1') return organizationFrom(ctx, b, loop, 'prov');
  const identifier = partyIdentifiers(ctx, loop);
  const name = nameOf(nm1);
  const address = addressOf(loop);
  const p: Practitioner = {
    resourceType: 'Practitioner', active: true,
    ...(identifier.length > 0 ? { identifier } : {}), ...(name === undefined ? {} : { name: [name] }),
    ...(address === undefined ? {} : { address: [address] }),
  };
  const first = identifier[0];
  return first === undefined ? b.add(p, 'create') : b.addIdentified(p, 'create-if-absent', first);
}

/** A member Patient from a name loop (2010BA / 2010CA / 2100C / NM1*QC); conditional on the member id, else name + birth date. */
export function patientFrom(ctx: X12TranslateContext, b: X12BundleBuilder, loop: X12Loop | undefined, payerId: string,
  extra: readonly Identifier[] = []): Reference | undefined {
  const nm1 = loop === undefined ? undefined : triggerNode(loop);
  if (nm1 === undefined) return undefined;
  const identifier = [...partyIdentifiers(ctx, loop, payerId), ...extra];
  const name = nameOf(nm1);
  const address = addressOf(loop);
  const telecom = telecomOf(loop);
  const patient: Patient = {
    resourceType: 'Patient', ...(identifier.length > 0 ? { identifier } : {}), ...(name === undefined ? {} : { name: [name] }),
    ...(telecom.length > 0 ? { telecom } : {}), ...demographicsOf(loop), ...(address === undefined ? {} : { address: [address] }),
  };
  const first = identifier[0];
  if (first !== undefined) return b.addIdentified(patient, 'create-if-absent', first);
  const key = [['family', name?.family], ['given', name?.given?.[0]], ['birthdate', patient.birthDate]]
    .filter((kv): kv is [string, string] => kv[1] !== undefined).map(([k, v]) => `${k}=${encodeURIComponent(v)}`).join('&');
  return b.add(patient, key === '' ? 'create' : 'create-if-absent', key === '' ? undefined : key);
}

/** The value of the first REF with qualifier in `q` directly in `loop`. */
export function refValue(loop: X12Loop | undefined, ...q: string[]): string {
  return text(segmentIn(loop, 'REF', ...q), 2);
}
