/**
 * The pipeline's two additive hooks, with the real translator: the coverage report is fed per sender and
 * message type, and a demographic update (A08 / A31) older than an applied demographic event for the
 * patient is skipped (AA, informational issue, nothing written) while a newer one is applied.
 */
import { afterEach, describe, expect, it } from 'vitest';
import type { Patient } from 'fhir/r4.js';
import { translateHl7v2 } from '../../translators/hl7v2/fhir/translate.js';
import { Hl7v2CoverageReport } from '../../translators/hl7v2/coverage/index.js';
import { ackSummary, startHl7v2Harness, type Hl7v2Harness } from '../../../test/e2e/support/hl7v2-harness.js';

const ctx = { baseUrl: 'http://gateway.test/fhir', source: undefined, lenient: false, patientCompartment: undefined };
let h: Hl7v2Harness | undefined;
afterEach(async () => {
  await h?.close();
  h = undefined;
});

const msg = (type: string, id: string, time: string, pid: string): string => [
  `MSH|^~\\&|ADT1|HOSP|GW|LYFE|${time}||ADT^${type}^ADT_A01|${id}|P|2.5.1`,
  `EVN|${type}|${time}`,
  pid,
  ...(type === 'A31' ? ['PV1|1|N'] : []),
].join('\r') + '\r';

async function patient(): Promise<Patient | undefined> {
  const b = await h?.repo.search(ctx, 'Patient', new URLSearchParams('identifier=urn:id:HOSP|123'));
  return b?.entry?.[0]?.resource as Patient | undefined;
}

describe('coverage hook', () => {
  it('records each translated message per sender and message type', async () => {
    const coverage = new Hl7v2CoverageReport();
    h = startHl7v2Harness({ translate: translateHl7v2, coverage });
    await h.send(msg('A04', 'C1', '20240115103000-0500', 'PID|1||123^^^HOSP^MR||DOE^JANE||19800101|F'));
    await h.send(msg('A04', 'C2', '20240115113000-0500', 'PID|1||124^^^HOSP^MR||ROE^RICHARD||19700101|M|||||||||||||||||||||||ZZ'));
    const [row] = coverage.rows();
    expect(row).toMatchObject({ sender: 'ADT1/HOSP', messageType: 'ADT^A04', messages: 2 });
    expect(row?.fields.find((f) => f.field === 'PID-5')).toEqual({ field: 'PID-5', present: 2, mapped: 2, ignored: 0 });
    expect(JSON.stringify(coverage.rows())).not.toMatch(/DOE|JANE|123/);
  });
});

describe('out-of-order demographic updates', () => {
  it('skips an A08 older than the applied registration, applies a newer one', async () => {
    h = startHl7v2Harness({ translate: translateHl7v2 });
    const [reg] = await h.send(msg('A04', 'R1', '20240115120000-0500', 'PID|1||123^^^HOSP^MR||DOE^JANE||19800101|F'));
    expect(ackSummary(reg).code).toBe('AA');
    const [late] = await h.send(msg('A08', 'U1', '20240115110000-0500', 'PID|1||123^^^HOSP^MR||OLDNAME^JANE'));
    expect(ackSummary(late).code).toBe('AA');
    expect((await patient())?.name?.[0]?.family).toBe('DOE');
    expect((await h.inbox.get('2'))?.outcome?.issue.some((i) => i.code === 'informational' && /older than/.test(i.diagnostics ?? ''))).toBe(true);
    const [newer] = await h.send(msg('A08', 'U2', '20240115130000-0500', 'PID|1||123^^^HOSP^MR||NEWNAME^JANE'));
    expect(ackSummary(newer).code).toBe('AA');
    expect((await patient())?.name?.[0]?.family).toBe('NEWNAME');
    // Now U2 (13:00) is the latest: an A31 of 12:30 is late too.
    await h.send(msg('A31', 'U3', '20240115123000-0500', 'PID|1||123^^^HOSP^MR||MIDNAME^JANE'));
    expect((await patient())?.name?.[0]?.family).toBe('NEWNAME');
  });

  it('applies an A08 about an unknown patient (nothing to compare with)', async () => {
    h = startHl7v2Harness({ translate: translateHl7v2 });
    await h.send(msg('A08', 'U1', '20240115110000-0500', 'PID|1||123^^^HOSP^MR||DOE^JANE'));
    expect((await patient())?.name?.[0]?.family).toBe('DOE');
  });
});
