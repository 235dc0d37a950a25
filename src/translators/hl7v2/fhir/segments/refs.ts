/**
 * How a segment mapper refers to Practitioners / Organizations / Locations: through entries added to the
 * bundle (creating writes), or logically (`Reference.identifier` + display) where an entry is not
 * possible, e.g. inside a JSON Patch document whose references the server does not rewrite.
 * https://hl7.org/fhir/R4/references.html#logical
 */
import type { Reference } from 'fhir/r4.js';
import type { Hl7v2TranslateContext } from '../types.js';
import type { V2Element } from '../element.js';
import type { BundleBuilder } from '../bundle.js';
import { nameDisplay, xcnToPractitioner, xcnToReference } from '../datatypes/xcn.js';
import { xonToOrganization, xonToReference } from '../datatypes/xon.js';

/** Where references go: the bundle being built, or logical references only. */
export type RefTarget = BundleBuilder | 'logical';

/** A Practitioner reference for an XCN element. */
export function practitionerRef(el: V2Element, ctx: Hl7v2TranslateContext, target: RefTarget): Reference | undefined {
  if (target !== 'logical') return xcnToReference(el, ctx, target);
  const p = xcnToPractitioner(el, ctx).value;
  if (p === undefined) return undefined;
  const display = nameDisplay(p.name?.[0]);
  const id = p.identifier?.[0];
  return { type: 'Practitioner', ...(id !== undefined ? { identifier: id } : {}), ...(display !== undefined ? { display } : {}) };
}

/** An Organization reference for an XON element. */
export function organizationRef(el: V2Element, ctx: Hl7v2TranslateContext, target: RefTarget): Reference | undefined {
  if (target !== 'logical') return xonToReference(el, ctx, target);
  const o = xonToOrganization(el, ctx).value;
  if (o === undefined) return undefined;
  const id = o.identifier?.[0];
  return { type: 'Organization', ...(id !== undefined ? { identifier: id } : {}), ...(o.name !== undefined ? { display: o.name } : {}) };
}
