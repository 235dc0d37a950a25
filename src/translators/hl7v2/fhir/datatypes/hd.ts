/**
 * HD (hierarchic designator: namespace id ^ universal id ^ universal id type) helpers: the authority
 * name handed to `ctx.identifierSystem`, a URI form, and an Organization.
 * https://build.fhir.org/ig/HL7/v2-to-fhir/ConceptMap-datatype-hd-to-organization.html
 */
import type { Organization } from 'fhir/r4.js';
import type { V2Element } from '../element.js';

/** The authority name: HD.1 (namespace id), else HD.2 (universal id); undefined when empty. */
export function hdAuthority(el: V2Element): string | undefined {
  return el.get(1) ?? el.get(2);
}

/** HD.2 as a URI when HD.3 says how (`ISO` → `urn:oid:`, `UUID` → `urn:uuid:`, `URI` / `DNS` as given). */
export function hdToUri(el: V2Element): string | undefined {
  const id = el.get(2);
  if (id === undefined) return undefined;
  switch ((el.get(3) ?? '').toUpperCase()) {
    case 'ISO':
      return /^[0-2](\.\d+)+$/.test(id) ? `urn:oid:${id}` : undefined;
    case 'UUID':
      return `urn:uuid:${id.toLowerCase()}`;
    case 'URI':
    case 'URL':
      return id;
    default:
      return undefined;
  }
}

/** HD → Organization (name = HD.1, identifier = HD.2 as a URI value); undefined when empty. */
export function hdToOrganization(el: V2Element): Organization | undefined {
  const name = el.get(1);
  const uri = hdToUri(el);
  const universal = el.get(2);
  if (name === undefined && universal === undefined) return undefined;
  return {
    resourceType: 'Organization',
    ...(universal !== undefined ? { identifier: [{ system: 'urn:ietf:rfc:3986', value: uri ?? universal }] } : {}),
    ...(name !== undefined ? { name } : {}),
  };
}

/** `HD.1^HD.2` display text of an HD (for Provenance agents and references). */
export function hdText(el: V2Element): string | undefined {
  const parts = [el.get(1), el.get(2)].filter((p): p is string => p !== undefined);
  return parts.length === 0 ? undefined : parts.join('^');
}
