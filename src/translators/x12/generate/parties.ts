/**
 * FHIR parties → X12 name segments for generated documents: NM1 (name, id qualifier + id), N3 / N4
 * from the first address, identifiers by system (NPI → XX, TIN → EI / FI, member → MI).
 * https://x12.org (NM1, N3, N4, REF)
 */
import type { Address, HumanName, Identifier } from 'fhir/r4.js';
import type { AckSegment } from '../ack/index.js';
import { SYSTEMS } from '../fhir/index.js';
import { seg } from './envelope.js';

/** The value of the first identifier with `system` (or whose system starts with `prefix`). */
export function identifierValue(ids: readonly Identifier[] | undefined, system: string, prefix = false): string {
  return ids?.find((i) => (prefix ? (i.system ?? '').startsWith(system) : i.system === system))?.value ?? '';
}

/** The NPI of a party. */
export function npiOf(ids: readonly Identifier[] | undefined): string {
  return identifierValue(ids, SYSTEMS.npi);
}

/** NM1 for an organization: entity code, name, id qualifier and id. */
export function nm1Org(entity: string, name: string | undefined, qualifier: string, id: string): AckSegment {
  return seg('NM1', entity, '2', (name ?? 'UNKNOWN').toUpperCase(), '', '', '', '', id === '' ? '' : qualifier, id);
}

/** NM1 for a person. */
export function nm1Person(entity: string, name: HumanName | undefined, qualifier: string, id: string): AckSegment {
  return seg('NM1', entity, '1', (name?.family ?? 'UNKNOWN').toUpperCase(), (name?.given?.[0] ?? '').toUpperCase(), (name?.given?.[1] ?? '').toUpperCase(),
    '', (name?.suffix?.[0] ?? '').toUpperCase(), id === '' ? '' : qualifier, id);
}

/** N3 / N4 of an address (none when absent). */
export function addressSegments(a: Address | undefined): AckSegment[] {
  if (a === undefined) return [];
  const line = a.line ?? [];
  return [
    ...(line.length === 0 ? [] : [seg('N3', (line[0] ?? '').toUpperCase(), (line[1] ?? '').toUpperCase())]),
    ...(a.city === undefined ? [] : [seg('N4', a.city.toUpperCase(), a.state ?? '', (a.postalCode ?? '').replace('-', ''))]),
  ];
}

/** DMG from a birth date and gender. */
export function dmg(birthDate: string | undefined, gender: string | undefined): AckSegment[] {
  if (birthDate === undefined) return [];
  const g = ({ female: 'F', male: 'M' } as Record<string, string>)[gender ?? ''] ?? 'U';
  return [seg('DMG', 'D8', birthDate.replaceAll('-', ''), g)];
}
