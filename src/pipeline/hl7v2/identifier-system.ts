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

/**
 * The `identifierSystem` of the translation context with configured systems (`HL7V2_IDENTIFIER_SYSTEMS`):
 * an authority listed in `systems` (exact, else case-insensitive) gets its system, whatever the kind;
 * others fall back to `defaultIdentifierSystem`.
 */
export function configuredIdentifierSystem(systems: Readonly<Record<string, string>>): (authority: string | undefined, kind: string) => string {
  const exact = new Map(Object.entries(systems));
  const folded = new Map(Object.entries(systems).map(([k, v]) => [k.toUpperCase(), v]));
  if (exact.size === 0) return defaultIdentifierSystem;
  return (authority, kind) => {
    const a = authority?.trim();
    const hit = a === undefined || a === '' ? undefined : exact.get(a) ?? folded.get(a.toUpperCase());
    return hit ?? defaultIdentifierSystem(authority, kind);
  };
}
