/** Field-read tracking and the per (sender, message type) coverage aggregate: field ids and counts only. */
import { describe, expect, it } from 'vitest';
import { parseHl7Message } from '../parser/index.js';
import { translateHl7v2 } from '../fhir/translate.js';
import { testContext } from '../fhir/testing.js';
import { Hl7v2CoverageReport } from './coverage-report.js';
import { trackFieldReads } from './field-reads.js';

const MSG = [
  'MSH|^~\\&|ADT1|HOSP|GW|LYFE|20240115103000-0500||ADT^A04^ADT_A01|C1|P|2.5.1',
  'EVN|A04|20240115102900-0500',
  'PID|1||123^^^HOSP^MR||DOE^JANE||19800101|F',
  'ZPI|1|secret-local-value',
].join('\r');

describe('trackFieldReads', () => {
  it('lists the present fields and those the translator read; Z-segments are present but ignored', () => {
    const message = parseHl7Message(MSG);
    const { result, coverage } = trackFieldReads(message, () => translateHl7v2(message, testContext()));
    expect(result.bundle.entry?.length).toBeGreaterThan(0);
    expect([...coverage.present]).toEqual(expect.arrayContaining(['MSH-3', 'MSH-9', 'EVN-1', 'EVN-2', 'PID-3', 'PID-5', 'PID-7', 'PID-8', 'ZPI-1', 'ZPI-2']));
    expect([...coverage.read]).toEqual(expect.arrayContaining(['MSH-9', 'MSH-10', 'EVN-2', 'PID-3', 'PID-5', 'PID-7', 'PID-8']));
    expect(coverage.read.has('ZPI-2')).toBe(false);
    expect(coverage.present.has('PID-2')).toBe(false);
    for (const id of coverage.read) expect(coverage.present.has(id), id).toBe(true);
  });

  it('stops tracking afterwards (later reads are not counted)', () => {
    const message = parseHl7Message(MSG);
    trackFieldReads(message, () => undefined);
    expect(message.all.every((s) => s.fieldReads === undefined)).toBe(true);
  });
});

describe('Hl7v2CoverageReport', () => {
  it('aggregates per sender and message type: present, mapped, ignored per field', () => {
    const report = new Hl7v2CoverageReport();
    report.record('LAB/HOSP', 'ADT^A04', { present: new Set(['PID-3', 'PID-5', 'ZPI-2']), read: new Set(['PID-3', 'PID-5']) });
    report.record('LAB/HOSP', 'ADT^A04', { present: new Set(['PID-3', 'ZPI-2', 'PID-11']), read: new Set(['PID-3']) });
    report.record('OTHER', 'ADT^A08', { present: new Set(['PID-3']), read: new Set(['PID-3']) });
    const [row, other] = report.rows();
    expect(row).toMatchObject({ sender: 'LAB/HOSP', messageType: 'ADT^A04', messages: 2, present: 6, mapped: 3, ignored: 3 });
    expect(row?.fields).toEqual([
      { field: 'PID-3', present: 2, mapped: 2, ignored: 0 },
      { field: 'PID-5', present: 1, mapped: 1, ignored: 0 },
      { field: 'PID-11', present: 1, mapped: 0, ignored: 1 },
      { field: 'ZPI-2', present: 2, mapped: 0, ignored: 2 },
    ]);
    expect(other).toMatchObject({ sender: 'OTHER', messages: 1 });
    expect(report.rows({ messageType: 'ADT^A08' }).map((r) => r.sender)).toEqual(['OTHER']);
  });

  it('stays bounded', () => {
    const report = new Hl7v2CoverageReport({ maxRows: 1, maxFieldsPerRow: 1 });
    report.record('A', 'ADT^A01', { present: new Set(['PID-3', 'PID-5']), read: new Set() });
    report.record('B', 'ADT^A01', { present: new Set(['PID-3']), read: new Set() });
    expect(report.rows()).toEqual([expect.objectContaining({ sender: 'A', fields: [{ field: 'PID-3', present: 1, mapped: 0, ignored: 1 }] })]);
  });
});

describe('Hl7v2CoverageReport snapshot / restore', () => {
  const reads = { present: new Set(['PID-3', 'PID-5', 'ZPI-2']), read: new Set(['PID-3']) };

  it('round-trips through JSON and adds to counts already there', () => {
    const a = new Hl7v2CoverageReport();
    a.record('S', 'ADT^A01', reads);
    const b = new Hl7v2CoverageReport();
    expect(b.restore(JSON.parse(JSON.stringify(a.snapshot())))).toBe(1);
    expect(b.rows()).toEqual(a.rows());
    b.restore(a.snapshot());
    expect(b.rows()[0]).toMatchObject({ messages: 2, present: 6, mapped: 2, ignored: 4 });
  });

  it('tracks whether anything changed since the last save', () => {
    const r = new Hl7v2CoverageReport();
    expect(r.dirty).toBe(false);
    r.record('S', 'ADT^A01', reads);
    expect(r.dirty).toBe(true);
    r.markSaved();
    expect(r.dirty).toBe(false);
  });

  it('skips malformed rows and fields, refuses what is not a snapshot', () => {
    const r = new Hl7v2CoverageReport();
    const taken = r.restore({
      format: 'lyfeai-hl7v2-coverage/1',
      rows: [
        { sender: 'S', messageType: 'ADT^A01', messages: 2, fields: [['PID-3', 2, 1], ['PID-5', 1, 3], ['PID-7', -1, 0], 'x', ['PID-8', 1.5, 0]] },
        { sender: 1, messageType: 'ADT^A01', messages: 1, fields: [] },
        null,
      ],
    });
    expect(taken).toBe(1);
    expect(r.rows()).toEqual([{ sender: 'S', messageType: 'ADT^A01', messages: 2, fields: [{ field: 'PID-3', present: 2, mapped: 1, ignored: 1 }], present: 2, mapped: 1, ignored: 1 }]);
    expect(() => r.restore({ rows: [] })).toThrow(TypeError);
    expect(() => r.restore('nope')).toThrow(TypeError);
  });

  it('keeps its limits when restoring', () => {
    const big = new Hl7v2CoverageReport();
    big.record('A', 'ADT^A01', reads);
    big.record('B', 'ADT^A01', reads);
    const small = new Hl7v2CoverageReport({ maxRows: 1, maxFieldsPerRow: 2 });
    expect(small.restore(big.snapshot())).toBe(1);
    expect(small.rows()[0]?.fields).toHaveLength(2);
  });
});
