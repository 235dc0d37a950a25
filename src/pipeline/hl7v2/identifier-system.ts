/**
 * The identifier systems of HL7 v2 business identifiers (PID-3, PV1-19, placer / filler numbers) by
 * assigning authority: `urn:oid:<oid>` for an ISO OID, else `urn:id:<authority>`, and
 * `urn:id:unknown-<kind>` without one — stable across messages, so conditional updates converge.
 * https://build.fhir.org/ig/HL7/v2-to-fhir/ConceptMap-datatype-cx-to-identifier.html
 */

/** The default `identifierSystem` of the translation context. */
export function defaultIdentifierSystem(authority: string | undefined, kind: string): string {
  if (authority === undefined || authority.trim() === '') return `urn:id:unknown-${kind}`;
  const a = authority.trim();
  if (/^[0-2](\.(0|[1-9]\d*))+$/.test(a)) return `urn:oid:${a}`;
  return `urn:id:${a.replace(/[^A-Za-z0-9._~-]/g, '_')}`;
}
