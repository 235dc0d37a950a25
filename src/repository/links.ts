/**
 * Paging links of searchset and history bundles (keyset cursors carried in `_cursor`).
 * https://hl7.org/fhir/R4/http.html#paging
 */
import type { BundleLink } from 'fhir/r4.js';

/** `base/path?params` (no `?` when there are no params). */
export function buildUrl(baseUrl: string, path: string, params: readonly (readonly [string, string])[]): string {
  const base = baseUrl.replace(/\/+$/, '');
  const url = path === '' ? base : `${base}/${path}`;
  const query = new URLSearchParams(params.map(([k, v]): [string, string] => [k, v])).toString();
  return query === '' ? url : `${url}?${query}`;
}

/** self / next / previous links; `params` must not contain `_cursor`. */
export function pageLinks(
  baseUrl: string,
  path: string,
  params: readonly (readonly [string, string])[],
  cursors: { readonly self: string | undefined; readonly next: string | undefined; readonly previous: string | undefined },
): BundleLink[] {
  const withCursor = (cursor: string | undefined): (readonly [string, string])[] =>
    cursor === undefined ? [...params] : [...params, ['_cursor', cursor] as const];
  const links: BundleLink[] = [{ relation: 'self', url: buildUrl(baseUrl, path, withCursor(cursors.self)) }];
  if (cursors.next !== undefined) links.push({ relation: 'next', url: buildUrl(baseUrl, path, withCursor(cursors.next)) });
  if (cursors.previous !== undefined) links.push({ relation: 'previous', url: buildUrl(baseUrl, path, withCursor(cursors.previous)) });
  return links;
}

/** Absolute URL of a resource (`Bundle.entry.fullUrl`). */
export function fullUrlOf(baseUrl: string, resourceType: string, id: string): string {
  return `${baseUrl.replace(/\/+$/, '')}/${resourceType}/${id}`;
}
