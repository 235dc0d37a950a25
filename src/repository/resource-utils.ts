/**
 * Small helpers shared by the interactions: narrowing request bodies, id rules, content equality,
 * version tags. https://hl7.org/fhir/R4/resource.html#id
 */
import type { FhirResource, Resource } from 'fhir/r4.js';
import { badRequest } from '../core/outcomes.js';
import type { ResourceVersion } from '../ports/fhir-store.js';

const ID_RE = /^[A-Za-z0-9\-.]{1,64}$/;
const TYPE_RE = /^[A-Z][A-Za-z]{1,63}$/;

/** Whether `id` is a valid FHIR logical id. */
export function isValidId(id: string): boolean {
  return ID_RE.test(id);
}

/** Throws 400 unless `id` is a valid logical id. */
export function assertValidId(id: string, expression = 'id'): void {
  if (!isValidId(id)) throw badRequest(`Invalid resource id '${id}'`, expression);
}

/** Throws 400 unless `type` looks like a resource type name. */
export function assertResourceTypeName(type: string): void {
  if (!TYPE_RE.test(type)) throw badRequest(`Invalid resource type '${type}'`);
}

/** Narrows a request body to a resource object (shape only; the schema validator checks the rest). */
export function asResource(body: unknown, expectedType?: string): Resource {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) throw badRequest('The body must be a FHIR resource (a JSON object)');
  const type: unknown = (body as Record<string, unknown>)['resourceType'];
  if (typeof type !== 'string' || type === '') throw badRequest('The resource has no resourceType', 'resourceType');
  if (expectedType !== undefined && type !== expectedType) {
    throw badRequest(`resourceType '${type}' does not match the URL type '${expectedType}'`, 'resourceType');
  }
  const id: unknown = (body as Record<string, unknown>)['id'];
  if (id !== undefined && typeof id !== 'string') throw badRequest('Resource.id must be a string', `${type}.id`);
  return body as Resource;
}

/** Deep structural equality (object key order ignored, array order significant). */
export function deepEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  if (Array.isArray(a) && Array.isArray(b)) {
    return a.length === b.length && a.every((v, i) => deepEqual(v, b[i]));
  }
  const ra = a as Record<string, unknown>;
  const rb = b as Record<string, unknown>;
  const ka = Object.keys(ra).filter((k) => ra[k] !== undefined);
  const kb = Object.keys(rb).filter((k) => rb[k] !== undefined);
  return ka.length === kb.length && ka.every((k) => Object.hasOwn(rb, k) && deepEqual(ra[k], rb[k]));
}

/** The resource without server-managed meta (versionId, lastUpdated, source); meta dropped if then empty. */
function withoutServerMeta(resource: Resource): Record<string, unknown> {
  const { meta, ...rest } = resource;
  if (meta === undefined) return rest;
  const { versionId: _v, lastUpdated: _l, source: _s, ...restMeta } = meta;
  return Object.keys(restMeta).length === 0 ? rest : { ...rest, meta: restMeta };
}

/** Whether two versions carry the same content, ignoring server-managed meta. */
export function sameContent(a: Resource, b: Resource): boolean {
  return deepEqual(withoutServerMeta(a), withoutServerMeta(b));
}

/** `W/"3"` */
export function etagOf(version: ResourceVersion): string {
  return `W/"${version.versionId}"`;
}

/** `Patient/1/_history/3` */
export function versionLocation(version: ResourceVersion): string {
  return `${version.resourceType}/${version.id}/_history/${version.versionId}`;
}

/** Nesting past which `cloneJson` hands the value to `structuredClone` (which also copes with cycles). */
const MAX_CLONE_DEPTH = 256;

/** Thrown inside `copyJson` when the value is not plain JSON data (or too deep). */
const NOT_PLAIN = Symbol('not plain JSON');

/** Copies arrays, plain objects and primitives; anything else (Date, Map, function, …) throws NOT_PLAIN. */
function copyJson(value: unknown, depth: number): unknown {
  if (typeof value !== 'object' || value === null) {
    if (typeof value === 'function' || typeof value === 'symbol') throw NOT_PLAIN;
    return value;
  }
  if (depth > MAX_CLONE_DEPTH) throw NOT_PLAIN;
  if (Array.isArray(value)) {
    const out = new Array<unknown>(value.length);
    for (let i = 0; i < value.length; i++) out[i] = copyJson(value[i], depth + 1);
    return out;
  }
  const proto: unknown = Object.getPrototypeOf(value);
  if (proto !== Object.prototype && proto !== null) throw NOT_PLAIN;
  const out: Record<string, unknown> = {};
  for (const key of Object.keys(value)) {
    const copy = copyJson((value as Record<string, unknown>)[key], depth + 1);
    // An own `__proto__` key (JSON.parse makes one) stays a data property, as structuredClone keeps it.
    if (key === '__proto__') Object.defineProperty(out, key, { value: copy, enumerable: true, writable: true, configurable: true });
    else out[key] = copy;
  }
  return out;
}

/**
 * A deep copy of JSON data: arrays and plain objects are copied directly (several times faster than
 * `structuredClone` on resources); any other value goes through `structuredClone`, with its semantics.
 */
export function cloneJson<T>(value: T): T {
  try {
    return copyJson(value, 0) as T;
  } catch (e) {
    if (e !== NOT_PLAIN) throw e;
    return structuredClone(value);
  }
}

/** The concrete-union view of a resource (what `Bundle.entry.resource` is typed as). */
export function asFhirResource(resource: Resource): FhirResource {
  return resource as FhirResource;
}
