/**
 * XCN → Practitioner: identifier XCN.1 (authority XCN.9), name XCN.2.1 family, XCN.3 / XCN.4 given,
 * XCN.5 / XCN.7 suffix, XCN.6 prefix. `xcnToReference` adds the Practitioner to the bundle (conditional
 * create on its identifier, never overwriting) or, without an identifier, gives a display-only reference.
 * https://build.fhir.org/ig/HL7/v2-to-fhir/ConceptMap-datatype-xcn-to-practitioner.html
 */
import type { HumanName, Identifier, Practitioner, Reference } from 'fhir/r4.js';
import type { Hl7v2TranslateContext } from '../types.js';
import type { V2Element } from '../element.js';
import type { BundleBuilder } from '../bundle.js';
import type { Mapped } from '../result.js';
import { hdAuthority } from './hd.js';

/** The XCN / CNN / XPN-like person name at the given component offsets (family, given, middle, suffix, prefix, degree). */
function personName(el: V2Element): HumanName | undefined {
  const family = el.child(2).get(1);
  const given = [el.get(3), el.get(4)].filter((g): g is string => g !== undefined);
  const suffix = [el.get(5), el.get(7)].filter((s): s is string => s !== undefined);
  const prefix = el.get(6);
  if (family === undefined && given.length === 0) return undefined;
  return {
    ...(family !== undefined ? { family } : {}),
    ...(given.length > 0 ? { given } : {}),
    ...(prefix !== undefined ? { prefix: [prefix] } : {}),
    ...(suffix.length > 0 ? { suffix } : {}),
  };
}

/** Display text of a name: prefix given family suffix. */
export function nameDisplay(name: HumanName | undefined): string | undefined {
  if (name === undefined) return undefined;
  const parts = [...(name.prefix ?? []), ...(name.given ?? []), name.family, ...(name.suffix ?? [])].filter((p): p is string => p !== undefined);
  return parts.length === 0 ? undefined : parts.join(' ');
}

/** XCN.1 with its authority (XCN.9) as an Identifier. */
export function xcnIdentifier(el: V2Element, ctx: Hl7v2TranslateContext): Identifier | undefined {
  const value = el.get(1);
  if (value === undefined) return undefined;
  return { system: ctx.identifierSystem(hdAuthority(el.child(9)), 'other'), value };
}

/** XCN element → Practitioner (undefined when it has neither id nor name). */
export function xcnToPractitioner(el: V2Element, ctx: Hl7v2TranslateContext): Mapped<Practitioner> {
  const identifier = xcnIdentifier(el, ctx);
  const name = personName(el);
  if (identifier === undefined && name === undefined) return { value: undefined, issues: [] };
  return {
    value: { resourceType: 'Practitioner', ...(identifier !== undefined ? { identifier: [identifier] } : {}), ...(name !== undefined ? { name: [name] } : {}) },
    issues: [],
  };
}

/**
 * A Reference to the XCN's Practitioner: adds it to `bundle` (POST + ifNoneExist on XCN.1) when it has an
 * identifier; display-only otherwise (no identity, so nothing is created that a replay would duplicate).
 */
export function xcnToReference(el: V2Element, ctx: Hl7v2TranslateContext, bundle: BundleBuilder): Reference | undefined {
  const practitioner = xcnToPractitioner(el, ctx).value;
  if (practitioner === undefined) return undefined;
  const display = nameDisplay(practitioner.name?.[0]);
  const id = practitioner.identifier?.[0];
  if (id === undefined) return display !== undefined ? { display } : undefined;
  return { ...bundle.createIfAbsent(practitioner, id), ...(display !== undefined ? { display } : {}) };
}
