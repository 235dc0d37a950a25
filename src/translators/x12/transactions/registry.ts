/**
 * Which loop spec reads a transaction set: by ST01 and the implementation guide in ST03 (or GS08
 * when ST03 is absent). Errata of a guide (A1, A2, A3 …) share its spec.
 * https://x12.org/products/technical-reports
 */
import { SPEC_270, SPEC_271 } from './specs/270-271.js';
import { SPEC_276, SPEC_277, SPEC_277CA } from './specs/276-277.js';
import { SPEC_278 } from './specs/278.js';
import { SPEC_834 } from './specs/834.js';
import { SPEC_835 } from './specs/835.js';
import { SPEC_837D, SPEC_837I, SPEC_837P } from './specs/837.js';
import type { X12TransactionSpec } from './spec.js';

/** Every spec we ship. */
export const X12_TRANSACTION_SPECS: readonly X12TransactionSpec[] = [
  SPEC_837P, SPEC_837I, SPEC_837D, SPEC_835, SPEC_834, SPEC_270, SPEC_271, SPEC_276, SPEC_277, SPEC_277CA, SPEC_278,
];

/** The spec for ST01 `transactionSet` under guide `implementation` (ST03, else GS08), if supported. */
export function specFor(transactionSet: string, implementation: string): X12TransactionSpec | undefined {
  const guide = implementation.slice(0, 10);
  return X12_TRANSACTION_SPECS.find((s) => s.transactionSet === transactionSet && s.implementation === guide);
}
