/**
 * How a ConceptMap is tied to an integration (a per-integration map): a `useContext` whose `code` is
 * `https://lyfeai.dev/fhir/CodeSystem/usage-context-type|source` and whose `valueCodeableConcept` names
 * the integration / sender id (the `MappingSource.source` translators pass) in `coding[].code` (system
 * `https://lyfeai.dev/fhir/CodeSystem/integration`, any system is accepted) or in `text`. Several such
 * useContexts tie one map to several integrations. A map without one is shared (the shipped maps).
 * For the mapper, a per-integration map reading from a code system hides the shared maps for that
 * source whenever it maps the code; a map tied to another integration is never used.
 * https://hl7.org/fhir/R4/metadatatypes.html#UsageContext
 */
import type { ConceptMap, UsageContext } from 'fhir/r4.js';

/** `UsageContext.code.system` of the integration context. */
export const USAGE_CONTEXT_TYPE_SYSTEM = 'https://lyfeai.dev/fhir/CodeSystem/usage-context-type';
/** `UsageContext.code.code` of the integration context. */
export const SOURCE_CONTEXT_CODE = 'source';
/** The suggested `valueCodeableConcept.coding.system` for integration ids. */
export const INTEGRATION_SYSTEM = 'https://lyfeai.dev/fhir/CodeSystem/integration';

/** True for a useContext naming an integration. */
function isSourceContext(u: UsageContext): boolean {
  return u.code.system === USAGE_CONTEXT_TYPE_SYSTEM && u.code.code === SOURCE_CONTEXT_CODE;
}

/** The integrations `map` is tied to; empty for a shared map. */
export function integrationsOf(map: ConceptMap): readonly string[] {
  const out: string[] = [];
  for (const u of map.useContext ?? []) {
    if (!isSourceContext(u)) continue;
    const v = u.valueCodeableConcept;
    for (const c of v?.coding ?? []) if (c.code !== undefined && c.code !== '') out.push(c.code);
    if (v?.text !== undefined && v.text !== '' && !out.includes(v.text)) out.push(v.text);
  }
  return out;
}

/** The useContext that ties a map to `source` (for building per-integration maps). */
export function integrationContext(source: string): UsageContext {
  return {
    code: { system: USAGE_CONTEXT_TYPE_SYSTEM, code: SOURCE_CONTEXT_CODE },
    valueCodeableConcept: { coding: [{ system: INTEGRATION_SYSTEM, code: source }] },
  };
}
