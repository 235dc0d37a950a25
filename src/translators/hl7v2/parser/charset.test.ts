import iconv from 'iconv-lite';
import { describe, expect, it } from 'vitest';
import { parseHl7, serializeInputToBuffer } from './index.js';

// Matters: MSH-18 (character set) and PID-5.1 holding a non-ASCII name.
const msg = (charset: string, name: string): string =>
  `MSH|^~\\&|A|B|C|D|20240101||ADT^A01|C|P|2.5||||||${charset}\rPID|1||1||${name}^X\r`;

describe('MSH-18 character sets', () => {
  it.each([
    ['8859/1', 'latin1', 'MÜLLER', 'latin1'],
    ['UNICODE UTF-8', 'utf8', 'ŁÓDŹ 東京', 'utf8'],
    ['8859/2', 'iso-8859-2', 'ŁÓDŹ', 'iso-8859-2'],
    ['8859/7', 'iso-8859-7', 'ΑΘΗΝΑ', 'iso-8859-7'],
    ['', 'utf8', 'ÅSA', 'utf8'],
  ])('%s decodes PID-5 and re-encodes byte for byte', (charset, encoding, name, expected) => {
    const bytes = iconv.encode(msg(charset, name), encoding);
    const parsed = parseHl7(bytes);
    expect(parsed.source.encoding).toBe(expected);
    expect(parsed.messages[0]?.get('PID-5')).toBe(name);
    expect(serializeInputToBuffer(parsed).equals(bytes)).toBe(true);
    expect(parsed.issues).toEqual([]);
  });

  it('reads bytes that are not valid UTF-8 as ISO-8859-1 and says so', () => {
    const bytes = Buffer.from(msg('UNICODE UTF-8', 'M\xDCLLER'), 'latin1');
    const parsed = parseHl7(bytes);
    expect(parsed.messages[0]?.get('PID-5')).toBe('MÜLLER');
    expect(parsed.issues.map((i) => i.expression?.[0])).toEqual(['MSH-18']);
    expect(serializeInputToBuffer(parsed).equals(bytes)).toBe(true);
  });

  it('lets a UTF-8 BOM win over MSH-18 and counts BOM bytes in byte offsets', () => {
    const bytes = Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(msg('8859/1', 'ÉLODIE'), 'utf8')]);
    const parsed = parseHl7(bytes);
    const m = parsed.messages[0];
    expect(m?.get('PID-5')).toBe('ÉLODIE');
    expect(parsed.issues[0]?.expression).toEqual(['MSH-18']);
    const p = m?.position('PID-5.2');
    expect(bytes.subarray(p?.byteOffset, (p?.byteOffset ?? 0) + 1).toString()).toBe('X');
    expect(serializeInputToBuffer(parsed).equals(bytes)).toBe(true);
  });

  it('warns on an unknown character set', () => {
    const parsed = parseHl7(Buffer.from(msg('KLINGON', 'A'), 'utf8'));
    expect(parsed.messages[0]?.issues.map((i) => i.expression?.[0])).toEqual(['MSH-18']);
  });

  it('decodes \\Xhh\\ with the message charset', () => {
    const parsed = parseHl7(Buffer.from(msg('UNICODE UTF-8', 'M\\XC39C\\LLER'), 'utf8'));
    expect(parsed.messages[0]?.get('PID-5')).toBe('MÜLLER');
  });
});
