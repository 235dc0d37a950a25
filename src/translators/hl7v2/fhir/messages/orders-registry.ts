/**
 * Order, result, pharmacy, immunization, scheduling, document and financial triggers → translators
 * (HL7 v2 chapters 4, 4A, 6, 7, 9, 10). Spread into the dispatch table in ./index.ts.
 */
import type { MessageTranslator } from './types.js';
import { RESULT_TRANSLATORS } from './oru-r01.js';
import { ORDER_MESSAGE_TRANSLATORS } from './orm-o01.js';
import { IMMUNIZATION_TRANSLATORS } from './vxu-v04.js';
import { ADMINISTRATION_TRANSLATORS } from './ras-o17.js';
import { PHARMACY_ORDER_TRANSLATORS } from './rde-o11.js';
import { SCHEDULING_TRANSLATORS } from './siu.js';
import { DOCUMENT_TRANSLATORS } from './mdm.js';
import { FINANCIAL_TRANSLATORS } from './dft-p03.js';
import { ACCOUNT_TRANSLATORS } from './bar-p01.js';

/** Every non-ADT trigger this family handles. */
export const ORDER_TRANSLATORS: Readonly<Record<string, MessageTranslator>> = {
  ...RESULT_TRANSLATORS,
  ...ORDER_MESSAGE_TRANSLATORS,
  ...IMMUNIZATION_TRANSLATORS,
  ...ADMINISTRATION_TRANSLATORS,
  ...PHARMACY_ORDER_TRANSLATORS,
  ...SCHEDULING_TRANSLATORS,
  ...DOCUMENT_TRANSLATORS,
  ...FINANCIAL_TRANSLATORS,
  ...ACCOUNT_TRANSLATORS,
};
