/**
 * Input bytes → text, honouring MSH-18 (HL7 table 0211 character sets) through iconv-lite.
 * A UTF-8 BOM wins over MSH-18. Only ASCII-compatible encodings are supported (delimiters must
 * stay single bytes); UTF-16 / UTF-32 fall back to ISO-8859-1 with an issue.
 * https://terminology.hl7.org/CodeSystem-v2-0211.html
 */
import { isAscii, isUtf8 } from 'node:buffer';
import iconv from 'iconv-lite';
import type { OperationOutcomeIssue } from 'fhir/r4.js';
import type { SourceText } from './types.js';
import { hl7Issue } from './issues.js';

/** HL7 table 0211 value → iconv-lite encoding (`utf8` / `latin1` decoded natively). */
const CHARSETS: Readonly<Record<string, string>> = {
  ASCII: 'latin1', // latin1 keeps stray 8-bit bytes instead of mangling them
  'ISO IR6': 'latin1',
  '8859/1': 'latin1',
  'ISO IR100': 'latin1',
  '8859/2': 'iso-8859-2',
  '8859/3': 'iso-8859-3',
  '8859/4': 'iso-8859-4',
  '8859/5': 'iso-8859-5',
  '8859/6': 'iso-8859-6',
  '8859/7': 'iso-8859-7',
  '8859/8': 'iso-8859-8',
  '8859/9': 'iso-8859-9',
  '8859/15': 'iso-8859-15',
  'UNICODE UTF-8': 'utf8',
  UNICODE: 'utf8',
  'BIG-5': 'big5',
  'GB 18030-2000': 'gb18030',
  'KS X 1001': 'euc-kr',
  'ISO IR14': 'shift_jis',
  'ISO IR87': 'euc-jp',
  'ISO IR159': 'euc-jp',
};

/** The iconv-lite encoding for an MSH-18 value, or `undefined` when unknown / unsupported. */
export function encodingForCharset(charset: string): string | undefined {
  return CHARSETS[charset.trim().toUpperCase()];
}

const BOM = [0xef, 0xbb, 0xbf] as const;

/** Decodes `bytes` with `encoding` without stripping a BOM. */
export function decodeBytes(bytes: Uint8Array, encoding: string): string {
  if (encoding === 'latin1') return Buffer.from(bytes).toString('latin1');
  if (encoding === 'utf8') return Buffer.from(bytes).toString('utf8');
  return iconv.decode(Buffer.from(bytes), encoding, { stripBOM: false });
}

/** Encodes `text` with `encoding` (inverse of decodeBytes). */
export function encodeText(text: string, encoding: string): Buffer {
  if (encoding === 'latin1' || encoding === 'utf8') return Buffer.from(text, encoding);
  return iconv.encode(text, encoding, { addBOM: false });
}

/** Builds a SourceText over already-decoded text (`bytes`: the input, when one byte per char). */
export function sourceText(text: string, encoding: string, bytes?: Uint8Array): SourceText {
  const byteOffset =
    encoding === 'utf8'
      ? (off: number) => Buffer.byteLength(text.slice(0, off), 'utf8')
      : encoding === 'latin1'
        ? (off: number) => off
        : (off: number) => encodeText(text.slice(0, off), encoding).length;
  if (bytes === undefined || bytes.length !== text.length) return { text, encoding, byteOffset };
  // A private copy: the caller's buffer may be reused while segments are still read lazily.
  return { text, encoding, byteOffset, bytes: new Uint8Array(bytes) };
}

/** Reads MSH-18 (first repetition) from the first MSH in `bytes`, scanning as latin1. */
function declaredCharset(bytes: Buffer): string | undefined {
  const limit = Math.min(bytes.length, 4096);
  let msh: string;
  if (bytes[0] === 0x4d && bytes[1] === 0x53 && bytes[2] === 0x48) {
    // The usual case, input starting with MSH: decode only its first line.
    const cr = bytes.indexOf(13);
    const lf = bytes.indexOf(10);
    const end = Math.min(limit, cr < 0 ? limit : cr, lf < 0 ? limit : lf);
    msh = bytes.toString('latin1', 0, end);
  } else {
    const head = bytes.toString('latin1', 0, limit);
    const start = head.search(/(?:^|[\r\n])MSH/);
    if (start < 0) return undefined;
    msh = head.slice(head.indexOf('MSH', start)).split(/[\r\n]/, 1)[0] ?? '';
  }
  const sep = msh[3];
  if (sep === undefined) return undefined;
  const rep = msh.slice(4).split(sep, 1)[0]?.[1] ?? '~';
  // fields[0] is "MSH", fields[1] is MSH-2, so MSH-18 is fields[17].
  const value = msh.split(sep)[17]?.split(rep)[0]?.trim();
  return value === undefined || value === '' ? undefined : value;
}

/** Decodes an input buffer: BOM → UTF-8; else MSH-18; else UTF-8 when valid, else ISO-8859-1. */
export function decodeInput(bytes: Buffer): { source: SourceText; issues: OperationOutcomeIssue[] } {
  const issues: OperationOutcomeIssue[] = [];
  const hasBom = bytes.length >= 3 && bytes[0] === BOM[0] && bytes[1] === BOM[1] && bytes[2] === BOM[2];
  const charset = declaredCharset(hasBom ? bytes.subarray(3) : bytes);
  let encoding = charset === undefined ? 'utf8' : encodingForCharset(charset);
  if (charset !== undefined && encoding === undefined) {
    issues.push(hl7Issue('warning', '103', `MSH-18 character set '${charset}' is not supported; read as UTF-8 or ISO-8859-1`, 'MSH-18'));
    encoding = 'utf8';
  }
  if (hasBom && encoding !== 'utf8') {
    issues.push(hl7Issue('warning', '103', `input starts with a UTF-8 BOM but MSH-18 is '${charset ?? ''}'; read as UTF-8`, 'MSH-18'));
    encoding = 'utf8';
  }
  if (encoding === 'utf8') {
    if (isUtf8(bytes)) return { source: sourceText(bytes.toString('utf8'), 'utf8', isAscii(bytes) ? bytes : undefined), issues };
    // Not valid UTF-8: latin1 keeps every byte so re-serialization stays exact.
    if (charset !== undefined) {
      issues.push(hl7Issue('warning', '102', 'input is not valid UTF-8; read as ISO-8859-1', 'MSH-18'));
    }
    return { source: sourceText(bytes.toString('latin1'), 'latin1', bytes), issues };
  }
  const enc = encoding ?? 'latin1';
  return { source: sourceText(decodeBytes(bytes, enc), enc, enc === 'latin1' ? bytes : undefined), issues };
}
