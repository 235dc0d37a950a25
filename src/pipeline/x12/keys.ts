/**
 * What the inbox records about an inbound X12 interchange: sender, type, control number and the
 * idempotency key (ISA06, ISA13, every GS06 and ST02), plus the partner alias routing that maps a
 * sender's GS08 to the implementation guide we parse it as. DESIGN.md "Ingestion";
 * https://x12.org/resources/x12-basics (ISA06, ISA13, GS01, GS06, GS08, ST02)
 */
import { createHash } from 'node:crypto';
import { X12EnvelopeReader, X12Tokenizer, type X12Envelope } from '../../translators/x12/index.js';

/** What an envelope says about its interchange(s), for the inbox. */
export interface X12Keys {
  /** `ISA05:ISA06` of the first interchange (`''` when unreadable). */
  readonly sender: string;
  /** `ST01s` joined, e.g. `270` or `837`. */
  readonly messageType: string | undefined;
  /** ISA13 of the first interchange. */
  readonly controlId: string | undefined;
  /** `x12|ISA06|ISA13|GS06,…|ST02,…` per interchange, or `x12-unparsed|<hash>`. */
  readonly idempotencyKey: string;
}

/** Size of the slices an input is read in (views of the buffer, not copies). */
const CHUNK_BYTES = 1 << 20;

/**
 * The envelope of `raw` read in slices, segments not retained: memory bounded by the envelope tree
 * (interchanges, groups, set headers), not by the input, so receiving a huge batch file costs the
 * buffer it arrived in and little more.
 */
export function x12EnvelopeOf(raw: Uint8Array | string): X12Envelope {
  const tokenizer = new X12Tokenizer();
  const reader = new X12EnvelopeReader({ retainSegments: false });
  for (let at = 0; at < raw.length; at += CHUNK_BYTES) {
    for (const s of tokenizer.push(typeof raw === 'string' ? raw.slice(at, at + CHUNK_BYTES) : raw.subarray(at, at + CHUNK_BYTES))) reader.add(s);
  }
  for (const s of tokenizer.end().segments) reader.add(s);
  return reader.end();
}

/** Lower-case hex sha256 of a payload. */
export function x12PayloadHash(raw: Buffer): string {
  return createHash('sha256').update(raw).digest('hex');
}

/** The keys of `envelope` (read from `raw` whose hash is `hash`). */
export function x12KeysOf(envelope: X12Envelope, hash: string): X12Keys {
  const first = envelope.interchanges[0];
  if (first === undefined) return { sender: '', messageType: undefined, controlId: undefined, idempotencyKey: `x12-unparsed|${hash}` };
  const parts = envelope.interchanges.map((ic) => [
    ic.sender.id.trim(), ic.controlNumber,
    ic.groups.map((g) => g.controlNumber).join(','),
    ic.groups.flatMap((g) => g.transactions.map((t) => t.controlNumber)).join(','),
  ].join('|'));
  const types = [...new Set(envelope.interchanges.flatMap((ic) => ic.groups.flatMap((g) => g.transactions.map((t) => t.id))))];
  return {
    sender: `${first.sender.qualifier}:${first.sender.id.trim()}`,
    messageType: types.length === 0 ? undefined : types.join(','),
    controlId: first.controlNumber,
    idempotencyKey: `x12|${parts.join('||')}`,
  };
}

/**
 * Partner alias routing (setting `X12_PARTNER_ALIASES`): keys `<ISA06>|<GS08 as sent>` or
 * `*|<GS08 as sent>`, values the implementation guide (GS08 / ST03) to parse the group as. Returns
 * `text` with GS08 / ST03 replaced where an alias applies (the stored raw bytes stay as sent).
 */
export function applyPartnerAliases(text: string, aliases: Readonly<Record<string, string>>): string {
  return partnerAliasRewriter(text, aliases)?.rewrite(text) ?? text;
}

/**
 * The alias routing of an input starting with `head` (its fixed-width ISA: delimiters, ISA06), as a
 * rewrite of any run of whole segments of it (a streamed input is rewritten chunk by chunk, each cut
 * after a `terminator`); undefined when no alias can apply.
 */
export function partnerAliasRewriter(head: string, aliases: Readonly<Record<string, string>>):
  { readonly terminator: string; rewrite(text: string): string } | undefined {
  if (Object.keys(aliases).length === 0 || !head.startsWith('ISA') || head.length < 106) return undefined;
  const e = head.charAt(3);
  const term = head.charAt(105);
  const sender = head.slice(0, 106).split(e)[6]?.trim() ?? '';
  const route = (guide: string): string | undefined => aliases[`${sender}|${guide}`] ?? aliases[`*|${guide}`];
  const rewrite = (text: string): string => text.split(term).map((segment) => {
    const lead = segment.trimStart();
    const pad = segment.slice(0, segment.length - lead.length);
    const els = lead.split(e);
    const index = els[0] === 'GS' ? 8 : els[0] === 'ST' ? 3 : -1;
    const guide = index < 0 ? undefined : els[index];
    const target = guide === undefined ? undefined : route(guide);
    if (target === undefined) return segment;
    els[index] = target;
    return pad + els.join(e);
  }).join(term);
  return { terminator: term, rewrite };
}
