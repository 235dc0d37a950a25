import { describe, expect, it } from 'vitest';
import { mapSpm } from './spm.js';
import { mapTq1 } from './tq1.js';
import { mapNte } from './nte.js';
import { segmentOf, testContext } from './orders-fixtures.js';
import { v2ConceptMapCodeMapper } from '../../../../../test/support/v2-concept-map-code-mapper.js';

const ctx = testContext(v2ConceptMapCodeMapper);

describe('SPM → Specimen', () => {
  it('maps identifiers, type, collection period and received time', () => {
    const r = mapSpm(segmentOf('SPM', 'SPM|1|PS1&OE^FS1&LAB||119297000^Blood^SCT|||||||||||||20240301070000-0500^20240301071500-0500|20240301090000-0500'), ctx);
    expect(r.value.identifier?.map((i) => [i.type?.coding?.[0]?.code, i.value])).toEqual([['PGN', 'PS1'], ['FGN', 'FS1']]);
    expect(r.value.type?.coding?.[0]).toMatchObject({ system: 'http://snomed.info/sct', code: '119297000' });
    expect(r.value.collection?.collectedPeriod).toEqual({ start: '2024-03-01T07:00:00-05:00', end: '2024-03-01T07:15:00-05:00' });
    expect(r.value.receivedTime).toBe('2024-03-01T09:00:00-05:00');
  });

  it('a single collection time is collectedDateTime', () => {
    expect(mapSpm(segmentOf('SPM', 'SPM|1|||X^Y^L|||||||||||||202403'), ctx).value.collection).toEqual({ collectedDateTime: '2024-03' });
  });
});

describe('TQ1 → timing', () => {
  it.each([
    ['start only', 'TQ1|1||||||20240302080000-0500', { occurrenceDateTime: '2024-03-02T08:00:00-05:00' }],
    ['start and end', 'TQ1|1||||||20240302|20240309', { occurrencePeriod: { start: '2024-03-02', end: '2024-03-09' } }],
    ['priority S → stat', 'TQ1|1||||||||S', { priority: 'stat' }],
    ['text instruction', 'TQ1|1||||||||||after meals', { note: { text: 'after meals' } }],
  ] as const)('%s', (_n, tq1, expected) => {
    expect(mapTq1(segmentOf('TQ1', tq1), ctx).value).toEqual(expected);
  });
});

describe('NTE → Annotation', () => {
  it.each([
    ['text', 'NTE|1|L|a comment', { text: 'a comment' }],
    ['repetitions and formatting', 'NTE|1|L|line 1\\.br\\line 2~line 3', { text: 'line 1\nline 2\nline 3' }],
    ['author and time', 'NTE|1|L|x||1^DOE^JANE|20240301', { text: 'x', authorString: 'JANE DOE', time: '2024-03-01' }],
  ] as const)('%s', (_n, nte, expected) => {
    expect(mapNte(segmentOf('NTE', nte)).value).toEqual(expected);
  });

  it('an empty NTE-3 gives no annotation', () => {
    expect(mapNte(segmentOf('NTE', 'NTE|1|L|')).value).toBeUndefined();
  });
});
