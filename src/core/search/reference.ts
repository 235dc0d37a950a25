/**
 * Normalising literal references: `Patient/1`, `Patient/1/_history/2`, `https://x/fhir/Patient/1`,
 * `urn:uuid:…`, canonicals `url|version`. https://hl7.org/fhir/R4/references.html#literal
 */

/** A normalised reference: `ref` is `Type/id` for relative ones, the URL (history stripped) otherwise. */
export interface ParsedReference {
  readonly ref: string;
  readonly targetType: string | undefined;
  readonly targetId: string | undefined;
}

const RELATIVE_RE = /^([A-Z][A-Za-z]+)\/([A-Za-z0-9\-.]{1,64})(?:\/_history\/[A-Za-z0-9\-.]{1,64})?$/;
const ABSOLUTE_RE = /^([a-z][a-z0-9+.-]*:\/\/.+\/)([A-Z][A-Za-z]+)\/([A-Za-z0-9\-.]{1,64})(?:\/_history\/[A-Za-z0-9\-.]{1,64})?$/;

/** Parses `Reference.reference` (or a search value); absolute URLs to `Type/id` keep their type and id. */
export function parseReference(reference: string): ParsedReference {
  const rel = RELATIVE_RE.exec(reference);
  if (rel?.[1] !== undefined && rel[2] !== undefined) {
    return { ref: `${rel[1]}/${rel[2]}`, targetType: rel[1], targetId: rel[2] };
  }
  const abs = ABSOLUTE_RE.exec(reference);
  if (abs?.[1] !== undefined && abs[2] !== undefined && abs[3] !== undefined) {
    return { ref: `${abs[1]}${abs[2]}/${abs[3]}`, targetType: abs[2], targetId: abs[3] };
  }
  return { ref: reference, targetType: undefined, targetId: undefined };
}

const SCHEME_RE = /^[A-Za-z][A-Za-z0-9+.-]*:/;

/** True for absolute references and canonicals (`https://x/fhir/Patient/1`, `urn:uuid:…`), false for `Type/id` or a bare id. */
export function isAbsoluteReference(reference: string): boolean {
  return SCHEME_RE.test(reference);
}

/** Base URLs without trailing slashes, empty ones dropped (for `localizeReference`). */
export function normalizeBaseUrls(bases: readonly string[] | undefined): readonly string[] {
  return (bases ?? []).map((b) => b.trim().replace(/\/+$/, '')).filter((b) => b.length > 0);
}

/**
 * Treats absolute references under one of `localBases` (normalised by `normalizeBaseUrls`) as local:
 * `{base}/Patient/1[/_history/2]` → `Patient/1`. Other references are returned unchanged. This is what
 * HAPI calls "treat base URLs as local". https://hl7.org/fhir/R4/references.html#literal
 */
export function localizeReference(parsed: ParsedReference, localBases: readonly string[]): ParsedReference {
  if (localBases.length === 0 || parsed.targetType === undefined || parsed.targetId === undefined) return parsed;
  const local = `${parsed.targetType}/${parsed.targetId}`;
  if (parsed.ref === local) return parsed;
  for (const base of localBases) {
    if (parsed.ref === `${base}/${local}`) return { ref: local, targetType: parsed.targetType, targetId: parsed.targetId };
  }
  return parsed;
}
