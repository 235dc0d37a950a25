import { describe, expect, it } from 'vitest';
import { parseX12 } from '../../translators/x12/index.js';
import { x270 } from '../../translators/x12/transactions/test-fixtures.js';
import { applyPartnerAliases, x12EnvelopeOf, x12KeysOf, x12PayloadHash } from './keys.js';
import { decisionOf } from './review-decision.js';

describe('x12KeysOf', () => {
  it('keys an interchange by ISA06, ISA13, GS06 and ST02', () => {
    const raw = Buffer.from(x270());
    expect(x12KeysOf(parseX12(raw).envelope, x12PayloadHash(raw))).toEqual({
      sender: 'ZZ:SENDER', messageType: '270', controlId: '000000001', idempotencyKey: 'x12|SENDER|000000001|1|0001',
    });
  });

  it.each([
    ['one interchange', x270()],
    ['two interchanges', x270() + x270().replaceAll('000000001', '000000002')],
    ['a batch larger than one read slice (1 MiB)', x270((b) => [...b, ...Array.from({ length: 40_000 }, () => 'EQ*30')])],
    ['not X12', 'not x12'],
  ])('reads the same keys streaming as whole (%s)', (_name, text) => {
    const raw = Buffer.from(text, 'latin1');
    expect(x12KeysOf(x12EnvelopeOf(raw), 'h')).toEqual(x12KeysOf(parseX12(raw).envelope, 'h'));
    expect(x12KeysOf(x12EnvelopeOf(text), 'h')).toEqual(x12KeysOf(parseX12(raw).envelope, 'h'));
  });

  it('keys unreadable input by its hash', () => {
    expect(x12KeysOf(parseX12('not x12').envelope, 'abc').idempotencyKey).toBe('x12-unparsed|abc');
  });
});

describe('applyPartnerAliases', () => {
  const old = x270().replaceAll('005010X279A1', '005010X279');
  it.each([
    ['per partner', { 'SENDER|005010X279': '005010X279A1' }, true],
    ['for every partner', { '*|005010X279': '005010X279A1' }, true],
    ['another partner only', { 'OTHER|005010X279': '005010X279A1' }, false],
  ])('%s', (_name, aliases, routed) => {
    const text = applyPartnerAliases(old, aliases);
    expect(text.includes('GS*HS*SENDER*RECEIVER*20240115*1230*1*X*005010X279A1~')).toBe(routed);
    expect(text.includes('ST*270*0001*005010X279A1~')).toBe(routed);
    expect(text.length - old.length).toBe(routed ? 4 : 0);
  });
});

describe('decisionOf (ClaimResponse → 278 HCR)', () => {
  it.each([
    [undefined, { action: 'A4' }],
    [{ resourceType: 'ClaimResponse', outcome: 'queued' }, { action: 'A4' }],
    [{ resourceType: 'ClaimResponse', outcome: 'complete', preAuthRef: 'X1' }, { action: 'A1', authorization: 'X1' }],
    [{ resourceType: 'ClaimResponse', outcome: 'complete', disposition: 'A3' }, { action: 'A3' }],
  ] as const)('%j → %j', (cr, decision) => {
    expect(decisionOf(cr as Parameters<typeof decisionOf>[0])).toEqual(decision);
  });
});
