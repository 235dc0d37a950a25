/**
 * capabilities: `GET [base]/metadata` (public), generated once per base URL and cached.
 * https://hl7.org/fhir/R4/http.html#capabilities
 */
import type { RequestHandler } from 'express';
import type { CapabilityStatement } from 'fhir/r4.js';
import type { FhirDeps } from './deps.js';
import { capabilityStatement, restResources, type OperationEntry } from './capability-statement.js';
import { TERMINOLOGY_OPERATIONS } from './terminology/routes.js';
import { FHIR_JSON, fhirBase } from './http.js';

/** The registry's change counter (runtime SearchParameters), or a constant when it has none. */
function revisionOf(registry: FhirDeps['registry']): () => number {
  const r = registry as { revision?: unknown };
  return typeof r.revision === 'function' ? () => (r.revision as () => number).call(registry) : () => 0;
}

export function capabilities(deps: FhirDeps, types: readonly string[], now: Date): RequestHandler {
  const revision = revisionOf(deps.registry);
  let seen = revision();
  // The terminology operations are listed only when a terminology service serves them.
  const extra = new Map<string, OperationEntry[]>();
  if (deps.terminology !== undefined) {
    for (const op of TERMINOLOGY_OPERATIONS) extra.set(op.type, [...(extra.get(op.type) ?? []), { name: op.name, definition: op.definition }]);
  }
  if (deps.repo.everything !== undefined) {
    extra.set('Patient', [...(extra.get('Patient') ?? []), { name: 'everything', definition: 'http://hl7.org/fhir/OperationDefinition/Patient-everything' }]);
  }
  let resources = restResources(deps.registry, types, extra);
  // Kept encoded: the statement is large (hundreds of KB) and re-encoding it per request shows.
  const cache = new Map<string, Buffer>();
  return (req, res) => {
    // A SearchParameter written through the API changes the registry: rebuild what we cached.
    if (revision() !== seen) {
      seen = revision();
      resources = restResources(deps.registry, types, extra);
      cache.clear();
    }
    const base = fhirBase(req, deps.config);
    let body = cache.get(base);
    if (body === undefined) {
      const statement: CapabilityStatement = capabilityStatement(resources, {
        fhirBase: base,
        tokenUrl: `${base.replace(/\/fhir$/, '')}/oauth2/token`,
        date: now,
        softwareVersion: '0.1.0',
      });
      body = Buffer.from(JSON.stringify(statement), 'utf8');
      // Bounded: the base only varies with the Host header when no public URL is configured.
      if (cache.size < 16) cache.set(base, body);
    }
    res.status(200).setHeader('Content-Type', FHIR_JSON);
    res.send(body);
  };
}
