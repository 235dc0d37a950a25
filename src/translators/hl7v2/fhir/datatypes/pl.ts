/**
 * PL (point of care ^ room ^ bed ^ facility ^ status ^ person location type ^ building ^ floor ^
 * description) → Location. The location's identity is its facility (PL.4, through
 * `ctx.identifierSystem(…, 'other')`) and the joined parts `poc^room^bed`, so the same bed is one
 * Location across messages. https://build.fhir.org/ig/HL7/v2-to-fhir/ConceptMap-datatype-pl-to-location.html
 */
import type { Identifier, Location, Reference } from 'fhir/r4.js';
import type { Hl7v2TranslateContext } from '../types.js';
import type { V2Element } from '../element.js';
import type { BundleBuilder } from '../bundle.js';
import type { Mapped } from '../result.js';
import { hdAuthority } from './hd.js';

const PHYSICAL_TYPE = 'http://terminology.hl7.org/CodeSystem/location-physical-type';

/** The location's business identifier (undefined when PL.1–3 and PL.7–8 are all empty). */
export function plIdentifier(el: V2Element, ctx: Hl7v2TranslateContext): Identifier | undefined {
  const parts = [el.get(1), el.get(2), el.get(3), el.get(7), el.get(8)];
  if (parts.every((p) => p === undefined)) return undefined;
  const value = parts.map((p) => p ?? '').join('^').replace(/\^+$/, '');
  return { system: ctx.identifierSystem(hdAuthority(el.child(4)), 'other'), value };
}

/** PL element → Location (undefined when empty). */
export function plToLocation(el: V2Element, ctx: Hl7v2TranslateContext): Mapped<Location> {
  const identifier = plIdentifier(el, ctx);
  if (identifier === undefined) return { value: undefined, issues: [] };
  const [poc, room, bed] = [el.get(1), el.get(2), el.get(3)];
  const kind = bed !== undefined ? ['bd', 'Bed'] : room !== undefined ? ['ro', 'Room'] : ['wa', 'Ward'];
  const name = [poc, room, bed].filter((p): p is string => p !== undefined).join(' ');
  const description = el.get(9);
  return {
    value: {
      resourceType: 'Location',
      identifier: [identifier],
      ...(name !== '' ? { name } : {}),
      ...(description !== undefined ? { description } : {}),
      mode: 'instance',
      physicalType: { coding: [{ system: PHYSICAL_TYPE, code: kind[0] ?? 'wa', display: kind[1] ?? 'Ward' }] },
    },
    issues: [],
  };
}

/** A Reference to the PL's Location (POST + ifNoneExist on its identifier). */
export function plToReference(el: V2Element, ctx: Hl7v2TranslateContext, bundle: BundleBuilder): Reference | undefined {
  const loc = plToLocation(el, ctx).value;
  const id = loc?.identifier?.[0];
  if (loc === undefined || id === undefined) return undefined;
  return { ...bundle.createIfAbsent(loc, id), ...(loc.name !== undefined ? { display: loc.name } : {}) };
}
