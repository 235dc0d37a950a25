/**
 * ADT triggers → translators (patient administration, HL7 v2.5.1 chapter 3), each with what the event
 * means for the patient record (register / update / reference) and the Encounter status it implies.
 * https://build.fhir.org/ig/HL7/v2-to-fhir/ (ADT message maps) · docs/hl7v2-mapping.md
 */
import type { MessageTranslator } from './types.js';
import { adtTranslator } from './adt-core.js';
import { translateAdtA40, translateAdtA47 } from './adt-merge.js';
import { translateAdtA60 } from './adt-a60.js';
import { translateAdtA29, translateAdtA41 } from './adt-person.js';

/** ADT^A01 … A60. */
export const ADT_TRANSLATORS: Readonly<Record<string, MessageTranslator>> = {
  'ADT^A01': adtTranslator({ patient: 'register', encounter: { status: 'in-progress' } }),
  'ADT^A02': adtTranslator({ patient: 'reference', encounter: { status: 'in-progress' } }),
  'ADT^A03': adtTranslator({ patient: 'reference', encounter: { status: 'finished' } }),
  'ADT^A04': adtTranslator({ patient: 'register', encounter: { status: 'arrived' } }),
  'ADT^A05': adtTranslator({ patient: 'register', encounter: { status: 'planned', locationStatus: 'planned' } }),
  'ADT^A06': adtTranslator({ patient: 'reference', encounter: { status: 'in-progress' } }),
  'ADT^A07': adtTranslator({ patient: 'reference', encounter: { status: 'in-progress' } }),
  'ADT^A08': adtTranslator({ patient: 'update', encounter: {} }),
  'ADT^A09': adtTranslator({ patient: 'reference', encounter: { status: 'in-progress' } }),
  'ADT^A10': adtTranslator({ patient: 'reference', encounter: { status: 'in-progress' } }),
  'ADT^A11': adtTranslator({ patient: 'reference', encounter: { status: 'entered-in-error' } }),
  'ADT^A12': adtTranslator({ patient: 'reference', encounter: { status: 'in-progress', dropPriorLocation: true } }),
  'ADT^A13': adtTranslator({ patient: 'reference', encounter: { status: 'in-progress', dropEnd: true } }),
  'ADT^A14': adtTranslator({ patient: 'register', encounter: { status: 'planned', locationStatus: 'planned' } }),
  'ADT^A15': adtTranslator({ patient: 'reference', encounter: { status: 'in-progress' } }),
  'ADT^A16': adtTranslator({ patient: 'reference', encounter: { status: 'in-progress' } }),
  'ADT^A25': adtTranslator({ patient: 'reference', encounter: { status: 'in-progress' } }),
  'ADT^A26': adtTranslator({ patient: 'reference', encounter: { status: 'in-progress' } }),
  'ADT^A27': adtTranslator({ patient: 'reference', encounter: { status: 'cancelled' } }),
  'ADT^A28': adtTranslator({ patient: 'register', encounter: 'none' }),
  'ADT^A31': adtTranslator({ patient: 'update', encounter: 'none' }),
  'ADT^A29': translateAdtA29,
  'ADT^A40': translateAdtA40,
  'ADT^A41': translateAdtA41,
  'ADT^A45': adtTranslator({ patient: 'reference', encounter: {} }),
  'ADT^A47': translateAdtA47,
  'ADT^A60': translateAdtA60,
};
