/**
 * Test support for the order / result segment mappers: a deterministic translate context and a helper
 * that parses one segment after a minimal MSH. Fixture segments name the fields that matter.
 */
import { fail } from '../../../../core/outcomes.js';
import { identityCodeMapper, type CodeMapper } from '../../../../core/code-mapping.js';
import { parseHl7Message, type Hl7Segment } from '../../parser/index.js';
import type { Hl7v2TranslateContext } from '../types.js';

/** A context with a fixed clock, counting ids and `urn:oid:` / `urn:id:<authority>` identifier systems. */
export function testContext(codes: CodeMapper = identityCodeMapper): Hl7v2TranslateContext {
  let n = 0;
  return {
    codes,
    source: 'hl7v2:LAB^HOSP',
    identifierSystem: (authority, kind) => {
      if (authority === undefined) return `urn:lyfeai:${kind}`;
      return /^[0-2](\.\d+)+$/.test(authority) ? `urn:oid:${authority}` : `urn:id:${encodeURIComponent(authority)}`;
    },
    ids: () => `00000000-0000-4000-8000-${String(++n).padStart(12, '0')}`,
    now: () => new Date('2024-03-05T06:07:08Z'),
    rawMessageRef: 'urn:lyfeai:inbox:1',
  };
}

/** Parses `segments` (lines) after a v2.5.1 MSH and returns the first segment named `name`. */
export function segmentOf(name: string, ...segments: string[]): Hl7Segment {
  const msg = parseHl7Message(['MSH|^~\\&|LAB|HOSP|GW|GW|20240301120000+0000||ORU^R01^ORU_R01|C1|P|2.5.1', ...segments].join('\r'));
  const seg = msg.segment(name);
  if (seg === undefined) throw fail('internal', `fixture has no ${name}`);
  return seg;
}
