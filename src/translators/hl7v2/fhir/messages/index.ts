/**
 * The dispatch table: `MSH-9.1^MSH-9.2` (e.g. `ADT^A01`) → message translator. Each family registers
 * its own table; add a family by spreading its table here (additive edits only).
 */
import type { MessageTranslator } from './types.js';
import { ADT_TRANSLATORS } from './adt-registry.js';
import { ORDER_TRANSLATORS } from './orders-registry.js';

/** Every supported message type / trigger. */
export const MESSAGE_TRANSLATORS: Readonly<Record<string, MessageTranslator>> = {
  ...ADT_TRANSLATORS,
  ...ORDER_TRANSLATORS,
};

/** The translator for `code^trigger`, if supported. */
export function translatorFor(code: string | undefined, trigger: string | undefined): MessageTranslator | undefined {
  if (code === undefined || trigger === undefined) return undefined;
  return MESSAGE_TRANSLATORS[`${code.toUpperCase()}^${trigger.toUpperCase()}`];
}

export type { MessageTranslation, MessageTranslator } from './types.js';
