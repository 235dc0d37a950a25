/**
 * Test helpers of the X12 → FHIR mappers: a deterministic context (ids, clock, identity code mapper)
 * and `translateText` (validate + translate the first transaction set of an interchange).
 */
import type { Bundle, FhirResource } from 'fhir/r4.js';
import { identityCodeMapper } from '../../../core/code-mapping.js';
import { validateX12 } from '../snip/index.js';
import type { X12TranslateContext } from './context.js';
import { translateX12Transaction, type X12TranslateOutput } from './translate.js';

/** ids `00000000-0000-4000-8000-000000000001` …, clock fixed at 2024-03-05 14:07 UTC. */
export function testContext(): X12TranslateContext {
  let n = 0;
  return {
    codes: identityCodeMapper, source: 'x12:ZZ:SENDER',
    ids: () => `00000000-0000-4000-8000-${String(++n).padStart(12, '0')}`,
    now: () => new Date('2024-03-05T14:07:00Z'),
  };
}

/** Validates `text` and translates its first transaction set. */
export function translateText(text: string): X12TranslateOutput {
  const [t] = validateX12(text).transactions;
  if (t?.spec === undefined || t.root === undefined) throw new Error('no supported transaction set');
  return translateX12Transaction(t.spec, t.root, testContext());
}

/** The resources of `bundle` with type `type`. */
export function resourcesOf<T extends FhirResource['resourceType']>(bundle: Bundle, type: T): Extract<FhirResource, { resourceType: T }>[] {
  return (bundle.entry ?? []).map((e) => e.resource).filter((r): r is Extract<FhirResource, { resourceType: T }> => r?.resourceType === type);
}
