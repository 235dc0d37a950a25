/**
 * SMART on FHIR scopes, v1 (`system/Patient.read`, `system/*.*`) and v2 (`system/Observation.rs`):
 * a pure parser, a checker and the grant rule for the token endpoint.
 * https://hl7.org/fhir/smart-app-launch/scopes-and-launch-context.html
 */

/** The five SMART v2 permissions, in their canonical order. */
export type Permission = 'c' | 'r' | 'u' | 'd' | 's';

const ORDER: readonly Permission[] = ['c', 'r', 'u', 'd', 's'];

/** A parsed resource scope (`context/Type.perms[?query]`). */
export interface ResourceScope {
  readonly kind: 'resource';
  readonly context: 'system' | 'user' | 'patient';
  /** A resource type or `*`. */
  readonly resourceType: string;
  readonly permissions: ReadonlySet<Permission>;
  /** Which syntax was used, so a grant is written back the way it was asked for. */
  readonly version: 'v1' | 'v2';
  /** v2 granular query (`?category=...`); not enforced yet, so such a scope grants nothing. */
  readonly query: string | undefined;
}

/** Any other scope we know (`admin`, `openid`, `launch`, ...), kept verbatim. */
export interface OtherScope {
  readonly kind: 'other';
  readonly value: string;
}

export type Scope = ResourceScope | OtherScope;

const V1: Record<string, readonly Permission[]> = {
  read: ['r', 's'],
  write: ['c', 'u', 'd'],
  '*': ['c', 'r', 'u', 'd', 's'],
};

const SCOPE_RE = /^(system|user|patient)\/(\*|[A-Z][A-Za-z]{0,63})\.([a-z*]+)(\?[^\s]*)?$/;

/** Parses one scope token; `undefined` when it is not a well-formed SMART resource scope or a plain word. */
export function parseScope(token: string): Scope | undefined {
  const m = SCOPE_RE.exec(token);
  if (!m) {
    // SMART launch context requests (`launch/patient`, `launch/encounter`) are plain scopes with a slash.
    if (/^launch\/[a-z]{1,32}$/.test(token)) return { kind: 'other', value: token };
    return /^[A-Za-z][A-Za-z0-9_:\-.]*$/.test(token) && !token.includes('/') ? { kind: 'other', value: token } : undefined;
  }
  const [, context, resourceType, perms, query] = m;
  if (context === undefined || resourceType === undefined || perms === undefined) return undefined;
  const v1 = V1[perms];
  if (v1 !== undefined && query === undefined) {
    return { kind: 'resource', context: context as ResourceScope['context'], resourceType, permissions: new Set(v1), version: 'v1', query: undefined };
  }
  const permissions = parseV2Permissions(perms);
  if (!permissions) return undefined;
  return { kind: 'resource', context: context as ResourceScope['context'], resourceType, permissions, version: 'v2', query: query?.slice(1) };
}

/** `cruds` subsets must be non-empty, without repeats, in canonical order. */
function parseV2Permissions(perms: string): Set<Permission> | undefined {
  let last = -1;
  const out = new Set<Permission>();
  for (const ch of perms) {
    const i = ORDER.indexOf(ch as Permission);
    if (i <= last) return undefined;
    last = i;
    out.add(ch as Permission);
  }
  return out.size > 0 ? out : undefined;
}

/** Parses a space-separated scope string, dropping tokens that do not parse. */
export function parseScopes(scope: string): Scope[] {
  const out: Scope[] = [];
  for (const token of scope.split(/\s+/)) {
    if (token === '') continue;
    const s = parseScope(token);
    if (s) out.push(s);
  }
  return out;
}

/** Writes a scope back in its own syntax (v1 when the permissions are exactly a v1 set, else v2). */
export function formatScope(scope: Scope): string {
  if (scope.kind === 'other') return scope.value;
  const perms = ORDER.filter((p) => scope.permissions.has(p)).join('');
  let suffix = perms;
  if (scope.version === 'v1') {
    const v1 = Object.entries(V1).find(([, set]) => set.join('') === perms);
    if (v1) suffix = v1[0];
  }
  return `${scope.context}/${scope.resourceType}.${suffix}${scope.query !== undefined ? `?${scope.query}` : ''}`;
}

/**
 * True when `scopes` allow `permission` on `resourceType` (`*` means "every type", which only a
 * wildcard scope grants). Only `system/` and `user/` scopes count: `patient/` scopes need compartment
 * enforcement, which the SMART launch work adds; granular (`?query`) scopes are not honoured yet.
 */
export function allows(scopes: readonly Scope[], resourceType: string, permission: Permission): boolean {
  return scopes.some(
    (s) =>
      s.kind === 'resource' &&
      s.context !== 'patient' &&
      s.query === undefined &&
      (s.resourceType === '*' || s.resourceType === resourceType) &&
      s.permissions.has(permission),
  );
}

/** True when `scopes` hold the plain scope `name` (e.g. `admin`). */
export function hasScope(scopes: readonly Scope[], name: string): boolean {
  return scopes.some((s) => s.kind === 'other' && s.value === name);
}

/**
 * What to grant for a client_credentials request: each requested scope narrowed to what the client's
 * allowed scopes cover (type and permissions intersected), dropping what none covers. Only `system/`
 * resource scopes and plain scopes the client is allowed are grantable; granular scopes are refused.
 * https://datatracker.ietf.org/doc/html/rfc6749#section-3.3
 */
export function grantScopes(requested: readonly Scope[], allowed: readonly Scope[]): Scope[] {
  const out: Scope[] = [];
  const seen = new Set<string>();
  const push = (s: Scope): void => {
    const key = formatScope(s);
    if (!seen.has(key)) {
      seen.add(key);
      out.push(s);
    }
  };
  for (const req of requested) {
    if (req.kind === 'other') {
      if (hasScope(allowed, req.value)) push(req);
      continue;
    }
    if (req.context !== 'system' || req.query !== undefined) continue;
    for (const al of allowed) {
      if (al.kind !== 'resource' || al.context !== 'system' || al.query !== undefined) continue;
      const type = narrowType(req.resourceType, al.resourceType);
      if (type === undefined) continue;
      const permissions = new Set([...req.permissions].filter((p) => al.permissions.has(p)));
      if (permissions.size === 0) continue;
      push({ ...req, resourceType: type, permissions });
    }
  }
  return out;
}

function narrowType(a: string, b: string): string | undefined {
  if (a === '*') return b;
  if (b === '*' || a === b) return a;
  return undefined;
}
