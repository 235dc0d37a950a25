/** What the FHIR interaction handlers need. */
import type { SearchParamRegistry } from '../../core/search/types.js';
import type { TerminologyService } from '../../ports/terminology-service.js';
import type { FhirInteractions } from '../../repository/types.js';
import type { ApiConfig } from '../types.js';

export interface FhirDeps {
  readonly repo: FhirInteractions;
  readonly registry: SearchParamRegistry;
  readonly config: ApiConfig;
  /** Serves the terminology operations (`$lookup`, `$expand`, ...); absent: they are unknown operations. */
  readonly terminology?: TerminologyService;
}
