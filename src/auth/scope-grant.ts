/**
 * Scope rules of the user-facing grants (authorization code, refresh): what a client may be granted
 * in `patient/` and `user/` context, whether one scope covers another (refresh narrowing), and the
 * choices offered on the consent page, including `?category=` sub-scopes.
 * https://hl7.org/fhir/smart-app-launch/scopes-and-launch-context.html
 */
import { formatScope, hasScope, type ResourceScope, type Scope } from './scopes.js';

/**
 * Requested ∩ allowed for an authorization request: plain scopes (`openid`, `launch/patient`,
 * `offline_access`, ...) when the client is registered for them; `patient/` and `user/` resource scopes
 * narrowed to the client's registered ones of the same context. `system/` scopes are never granted here.
 */
export function grantUserScopes(requested: readonly Scope[], allowed: readonly Scope[]): Scope[] {
  const out = new Map<string, Scope>();
  for (const req of requested) {
    if (req.kind === 'other') {
      if (hasScope(allowed, req.value)) out.set(req.value, req);
      continue;
    }
    if (req.context === 'system') continue;
    for (const al of allowed) {
      if (al.kind !== 'resource' || al.context !== req.context) continue;
      const narrowed = narrow(req, al);
      if (narrowed !== undefined) out.set(formatScope(narrowed), narrowed);
    }
  }
  return [...out.values()];
}

function narrow(req: ResourceScope, al: ResourceScope): ResourceScope | undefined {
  const resourceType = req.resourceType === '*' ? al.resourceType : al.resourceType === '*' || al.resourceType === req.resourceType ? req.resourceType : undefined;
  if (resourceType === undefined) return undefined;
  if (req.query !== undefined && al.query !== undefined && req.query !== al.query) return undefined;
  const permissions = new Set([...req.permissions].filter((p) => al.permissions.has(p)));
  if (permissions.size === 0) return undefined;
  return { ...req, resourceType, permissions, query: req.query ?? al.query };
}

/** True when `outer` grants at least everything `inner` does. */
export function covers(outer: Scope, inner: Scope): boolean {
  if (outer.kind === 'other' || inner.kind === 'other') return outer.kind === inner.kind && formatScope(outer) === formatScope(inner);
  return (
    outer.context === inner.context &&
    (outer.resourceType === '*' || outer.resourceType === inner.resourceType) &&
    [...inner.permissions].every((p) => outer.permissions.has(p)) &&
    (outer.query === undefined || outer.query === inner.query)
  );
}

/** The requested scopes not covered by any of `granted` (empty: the request narrows or keeps them). */
export function uncovered(requested: readonly Scope[], granted: readonly Scope[]): Scope[] {
  return requested.filter((r) => !granted.some((g) => covers(g, r)));
}

/** Category codes offered as sub-scopes on the consent page, per resource type. */
export const CONSENT_CATEGORIES: Readonly<Record<string, { readonly system: string; readonly codes: readonly string[] }>> = {
  Observation: {
    system: 'http://terminology.hl7.org/CodeSystem/observation-category',
    codes: ['laboratory', 'vital-signs', 'social-history', 'survey', 'exam', 'imaging', 'procedure', 'therapy', 'activity'],
  },
  Condition: { system: 'http://terminology.hl7.org/CodeSystem/condition-category', codes: ['problem-list-item', 'encounter-diagnosis'] },
};

/** One checkbox of the consent page: a scope, and the `?category=` narrowings it can be replaced by. */
export interface ConsentChoice {
  readonly scope: string;
  readonly subScopes: readonly string[];
}

/** The consent page's checkboxes for a set of granted scopes. */
export function consentChoices(granted: readonly Scope[]): ConsentChoice[] {
  return granted.map((s) => {
    const scope = formatScope(s);
    if (s.kind === 'other' || s.query !== undefined) return { scope, subScopes: [] };
    const cats = CONSENT_CATEGORIES[s.resourceType];
    if (cats === undefined) return { scope, subScopes: [] };
    const subScopes = cats.codes.map((code) => formatScope({ ...s, version: 'v2', query: `category=${cats.system}|${code}` }));
    return { scope, subScopes };
  });
}

/**
 * The scopes the user left ticked, in offer order. Anything not offered is ignored (a forged form
 * cannot add scopes); a sub-scope counts only when its parent scope was unticked.
 */
export function consentedScopes(choices: readonly ConsentChoice[], ticked: ReadonlySet<string>): string[] {
  const out: string[] = [];
  for (const c of choices) {
    if (ticked.has(c.scope)) out.push(c.scope);
    else out.push(...c.subScopes.filter((s) => ticked.has(s)));
  }
  return out;
}
