/**
 * Test support for the HL7 v2 → FHIR translators: a deterministic context (counter ids, fixed clock,
 * `urn:oid:` / `urn:id:` identifier systems) and element / segment builders for table tests. Used by
 * tests only (test/support/v2-concept-map-code-mapper.ts gives the shipped ConceptMaps as a CodeMapper).
 */
import { identityCodeMapper } from '../../../core/code-mapping.js';
import type { Hl7v2TranslateContext } from './types.js';
import { parseHl7Message, type Hl7Segment } from '../parser/index.js';
import { fieldElement, type V2Element } from './element.js';

/** `urn:oid:<authority>` for OIDs, `urn:id:<authority>` otherwise, `urn:id:unknown-<kind>` without one. */
export function defaultIdentifierSystem(authority: string | undefined, kind: string): string {
  if (authority === undefined) return `urn:id:unknown-${kind}`;
  if (/^[0-2](\.(0|[1-9]\d*))+$/.test(authority)) return `urn:oid:${authority}`;
  return `urn:id:${authority.replace(/[^A-Za-z0-9._~-]/g, '_')}`;
}

/** A deterministic translate context; `overrides` replace single members. */
export function testContext(overrides: Partial<Hl7v2TranslateContext> = {}): Hl7v2TranslateContext {
  let n = 0;
  return {
    codes: identityCodeMapper,
    source: 'hl7v2:TEST',
    identifierSystem: defaultIdentifierSystem,
    ids: () => `00000000-0000-4000-8000-${String(++n).padStart(12, '0')}`,
    now: () => new Date('2026-01-01T00:00:00Z'),
    rawMessageRef: 'urn:lyfeai:inbox:test',
    ...overrides,
  };
}

/** The element holding `field` (ER7 text of one field, repetitions allowed) as field 1 of a ZZT segment. */
export function elementOf(field: string, repetition = 1): V2Element {
  const message = parseHl7Message(`MSH|^~\\&|A|B|C|D|20240101||ADT^A01|1|P|2.5.1\rZZT|${field}`);
  const seg = message.segment('ZZT');
  if (seg === undefined) throw new Error('no ZZT');
  return fieldElement(seg, 1, repetition);
}

/** The segment `text` (e.g. `PID|1||123^^^H`) parsed after a minimal MSH. */
export function segmentOf(text: string, msh = 'MSH|^~\\&|A|B|C|D|20240101||ADT^A01|1|P|2.5.1'): Hl7Segment {
  const message = parseHl7Message(`${msh}\r${text}`);
  const seg = message.all[1];
  if (seg === undefined) throw new Error('no segment');
  return seg;
}
