import { describe, expect, it } from 'vitest';
import { hl7Issue } from '../parser/index.js';
import { ackToSend, readAckMode, type AckCondition, type AckMode, type AckOutcome } from './index.js';
import { parse } from './fixtures.js';

const msh = (f15: string, f16: string): string => `MSH|^~\\&|A|B|C|D|20240101||ADT^A01|C1|P|2.5.1|||${f15}|${f16}\r`;

describe('readAckMode', () => {
  it.each<[string, string, AckMode]>([
    ['', '', { kind: 'original' }],
    ['""', '""', { kind: 'original' }],
    ['AL', 'NE', { kind: 'enhanced', accept: 'AL', application: 'NE' }],
    ['NE', 'AL', { kind: 'enhanced', accept: 'NE', application: 'AL' }],
    ['er', 'su', { kind: 'enhanced', accept: 'ER', application: 'SU' }],
    ['', 'ER', { kind: 'enhanced', accept: 'AL', application: 'ER' }],
    ['SU', '', { kind: 'enhanced', accept: 'SU', application: 'AL' }],
    ['XX', 'NE', { kind: 'enhanced', accept: 'AL', application: 'NE' }],
  ])('MSH-15 %j, MSH-16 %j', (f15, f16, expected) => {
    expect(readAckMode(parse(msh(f15, f16)))).toEqual(expected);
  });

  it('is original when MSH-15 / MSH-16 are beyond the last field', () => {
    expect(readAckMode(parse('MSH|^~\\&|A|B|C|D|20240101||ADT^A01|C1|P|2.3\r'))).toEqual({ kind: 'original' });
  });
});

const OK: AckOutcome = { kind: 'accepted' };
const WARN: AckOutcome = { kind: 'accepted', issues: [hl7Issue('warning', '103', 'unmapped', 'PID-8')] };
const ERROR: AckOutcome = { kind: 'error', issues: [hl7Issue('error', '102', 'bad', 'PID-7')] };
const REJECT: AckOutcome = { kind: 'rejected', reason: 'unsupported-event' };
const OUTAGE: AckOutcome = { kind: 'rejected', reason: 'transient' };

describe('ackToSend: original mode', () => {
  const original: AckMode = { kind: 'original' };
  it.each<[string, 'accept' | 'application', AckOutcome, string | undefined]>([
    ['stored, processing follows: nothing yet', 'accept', OK, undefined],
    ['refused at intake: AR at once', 'accept', REJECT, 'AR'],
    ['not stored (outage): AR at once', 'accept', OUTAGE, 'AR'],
    ['committed', 'application', OK, 'AA'],
    ['committed with warnings', 'application', WARN, 'AA'],
    ['content errors', 'application', ERROR, 'AE'],
    ['outage while committing', 'application', OUTAGE, 'AR'],
  ])('%s', (_name, stage, outcome, expected) => {
    expect(ackToSend(original, stage, outcome)).toBe(expected);
  });
});

describe('ackToSend: enhanced mode decision table', () => {
  // For each condition: [success, error, reject, outage] at the accept stage, then at the application stage.
  const table: Array<[AckCondition, Array<string | undefined>, Array<string | undefined>]> = [
    ['AL', ['CA', 'CE', 'CR', 'CE'], ['AA', 'AE', 'AR', 'AR']],
    ['NE', [undefined, undefined, undefined, undefined], [undefined, undefined, undefined, undefined]],
    ['ER', [undefined, 'CE', 'CR', 'CE'], [undefined, 'AE', 'AR', 'AR']],
    ['SU', ['CA', undefined, undefined, undefined], ['AA', undefined, undefined, undefined]],
  ];
  const outcomes = [OK, ERROR, REJECT, OUTAGE];
  it.each(table)('%s', (condition, accept, application) => {
    // The other stage's condition must not matter: NE there.
    const asAccept: AckMode = { kind: 'enhanced', accept: condition, application: 'NE' };
    const asApplication: AckMode = { kind: 'enhanced', accept: 'NE', application: condition };
    expect(outcomes.map((o) => ackToSend(asAccept, 'accept', o))).toEqual(accept);
    expect(outcomes.map((o) => ackToSend(asApplication, 'application', o))).toEqual(application);
    expect(outcomes.map((o) => ackToSend(asApplication, 'accept', o))).toEqual([undefined, undefined, undefined, undefined]);
  });

  it('treats warnings as success', () => {
    expect(ackToSend({ kind: 'enhanced', accept: 'ER', application: 'SU' }, 'application', WARN)).toBe('AA');
  });
});
