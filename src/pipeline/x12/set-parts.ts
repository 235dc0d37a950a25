/**
 * How one accepted transaction set is committed: as one FHIR transaction when it is small, claim by
 * claim when it is big. The store caps a transaction Bundle (10,000 entries), and a batch 837 of a
 * few thousand claims in one ST / SE exceeds it: such a set is translated again per 2300 claim
 * (`translateX12Unit`, the claim with its subscriber, provider and payer) and each claim commits on
 * its own; conditional writes make the shared resources (provider, payer, a patient with several
 * claims) converge instead of duplicating. https://hl7.org/fhir/R4/http.html#transaction
 */
import type { Bundle } from 'fhir/r4.js';
import { translateX12Unit, type X12TranslateContext } from '../../translators/x12/fhir/index.js';
import type { X12SetAnswer } from '../../translators/x12/generate/index.js';
import { descendants } from '../../translators/x12/transactions/index.js';

/** Over this many entries a claim set commits claim by claim (half the store's cap: headroom for Provenance). */
export const MAX_SET_ENTRIES = 5000;

const CLAIM_SETS = new Set(['837P', '837I', '837D']);

/** The bundles `set` commits as, in order (one, or one per claim of a big 837). */
export function setParts(set: X12SetAnswer, translate: X12TranslateContext, maxEntries = MAX_SET_ENTRIES): readonly Bundle[] {
  const whole = set.translation?.bundle;
  if (whole === undefined || (whole.entry ?? []).length === 0) return [];
  const spec = set.transaction.spec;
  const root = set.transaction.root;
  if ((whole.entry ?? []).length <= maxEntries || spec === undefined || root === undefined || !CLAIM_SETS.has(spec.name)) return [whole];
  return descendants(root, '2300').map((claim) => translateX12Unit(spec, claim, translate).bundle).filter((b) => (b.entry ?? []).length > 0);
}
