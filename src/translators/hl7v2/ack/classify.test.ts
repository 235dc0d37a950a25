import { describe, expect, it } from 'vitest';
import { classifyMessage, errorCodeOf, type SupportedMessages } from './index.js';
import { parse } from './fixtures.js';

const SUPPORTED: SupportedMessages = {
  messageTypes: new Set(['ADT', 'ORU^R01', 'VXU^V04']),
  versions: new Set(['2.3', '2.5.1']),
  processingIds: new Set(['P']),
};

const msh = (type: string, processing: string, version: string): string => `MSH|^~\\&|A|B|C|D|20240101||${type}|C1|${processing}|${version}\r`;

describe('classifyMessage', () => {
  it.each<[string, string, string, string | undefined, string[], string[]]>([
    ['any ADT event', 'ADT^A99^ADT_A01', 'P', undefined, [], []],
    ['listed event', 'ORU^R01', 'P^T', undefined, [], []],
    ['unknown type', 'SIU^S12', 'P', 'unsupported-message-type', ['200'], ['MSH-9']],
    ['unlisted event of a listed type', 'ORU^R30', 'P', 'unsupported-event', ['201'], ['MSH-9.2']],
    ['missing event of a type listed by event', 'VXU', 'P', 'unsupported-event', ['101'], ['MSH-9.2']],
    ['missing type', '', 'P', 'unsupported-message-type', ['101'], ['MSH-9.1']],
    ['training processing id', 'ADT^A01', 'T', 'unsupported-processing-id', ['202'], ['MSH-11']],
    ['missing processing id', 'ADT^A01', '', 'unsupported-processing-id', ['101'], ['MSH-11']],
    ['several problems: first one is the reason', 'SIU^S12', 'D', 'unsupported-message-type', ['200', '202'], ['MSH-9', 'MSH-11']],
  ])('%s', (_name, type, processing, reason, codes, locations) => {
    const result = classifyMessage(parse(msh(type, processing, '2.5.1^USA')), SUPPORTED);
    expect(result?.reason).toBe(reason);
    expect(result?.issues?.map(errorCodeOf) ?? []).toEqual(codes);
    expect(result?.issues?.map((i) => i.expression?.[0]) ?? []).toEqual(locations);
  });

  it.each([
    ['2.4', '203'],
    ['2.5', '203'],
    ['', '101'],
  ])('version %j is refused with %s', (version, code) => {
    const result = classifyMessage(parse(msh('ADT^A01', 'P', version)), SUPPORTED);
    expect(result?.reason).toBe('unsupported-version');
    expect(result?.issues?.map(errorCodeOf)).toEqual([code]);
  });
});
