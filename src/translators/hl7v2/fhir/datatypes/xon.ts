/**
 * XON → Organization: name XON.1, identifier XON.10 (v2.5+) else XON.3, authority XON.6.
 * `xonToReference` adds it to the bundle (conditional create) or gives a display-only reference.
 * https://build.fhir.org/ig/HL7/v2-to-fhir/ConceptMap-datatype-xon-to-organization.html
 */
import type { Identifier, Organization, Reference } from 'fhir/r4.js';
import type { Hl7v2TranslateContext } from '../types.js';
import type { V2Element } from '../element.js';
import type { BundleBuilder } from '../bundle.js';
import type { Mapped } from '../result.js';
import { hdAuthority } from './hd.js';

/** XON.10 / XON.3 with its authority as an Identifier. */
export function xonIdentifier(el: V2Element, ctx: Hl7v2TranslateContext): Identifier | undefined {
  const value = el.get(10) ?? el.get(3);
  if (value === undefined) return undefined;
  return { system: ctx.identifierSystem(hdAuthority(el.child(6)), 'other'), value };
}

/** XON element → Organization (undefined when it has neither name nor id). */
export function xonToOrganization(el: V2Element, ctx: Hl7v2TranslateContext): Mapped<Organization> {
  const identifier = xonIdentifier(el, ctx);
  const name = el.get(1);
  if (identifier === undefined && name === undefined) return { value: undefined, issues: [] };
  return { value: { resourceType: 'Organization', ...(identifier !== undefined ? { identifier: [identifier] } : {}), ...(name !== undefined ? { name } : {}) }, issues: [] };
}

/** A Reference to the XON's Organization (created if absent when it has an identifier). */
export function xonToReference(el: V2Element, ctx: Hl7v2TranslateContext, bundle: BundleBuilder): Reference | undefined {
  const org = xonToOrganization(el, ctx).value;
  if (org === undefined) return undefined;
  const id = org.identifier?.[0];
  if (id === undefined) return org.name !== undefined ? { display: org.name } : undefined;
  return { ...bundle.createIfAbsent(org, id), ...(org.name !== undefined ? { display: org.name } : {}) };
}
