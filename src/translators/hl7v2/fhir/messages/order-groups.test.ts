import { describe, expect, it } from 'vitest';
import { parseHl7Message } from '../../parser/index.js';
import { groupMessage } from './order-groups.js';

const msg = (...segs: string[]) => parseHl7Message(['MSH|^~\\&|A|B|C|D|20240101||ORU^R01|1|P|2.5.1', ...segs].join('\r'));
const names = (segs: readonly { name: string; occurrence: number }[]) => segs.map((s) => `${s.name}${s.occurrence}`);

describe('groupMessage', () => {
  it('ROL belongs to the patient, the visit or the order it follows; CTD to the order, else the patient', () => {
    const g = groupMessage(msg('PID|1', 'ROL|1', 'CTD|1', 'PV1|1', 'ROL|2', 'ORC|NW', 'OBR|1', 'ROL|3', 'CTD|2', 'NTE|1', 'OBX|1', 'ROL|4'));
    const p = g.patients[0];
    expect(names(p?.roles ?? [])).toEqual(['ROL1']);
    expect(names(p?.visitRoles ?? [])).toEqual(['ROL2']);
    expect(names(p?.contacts ?? [])).toEqual(['CTD1']);
    expect(names(p?.orders[0]?.roles ?? [])).toEqual(['ROL3', 'ROL4']);
    expect(names(p?.orders[0]?.contacts ?? [])).toEqual(['CTD2']);
    expect(names(p?.orders[0]?.notes ?? [])).toEqual(['NTE1']);
    expect(p?.other).toEqual([]);
  });

  it('ORU: orders with their OBX, NTE after the segment they follow, SPM with its OBX', () => {
    const g = groupMessage(msg('PID|1', 'NTE|1||patient note', 'PV1|1', 'ORC|RE', 'OBR|1', 'NTE|2||order note', 'OBX|1', 'NTE|3||obx note', 'OBX|2', 'SPM|1', 'OBX|3', 'OBR|2', 'OBX|4'));
    const p = g.patients[0];
    expect(p?.notes.map((n) => n.occurrence)).toEqual([1]);
    expect(p?.orders).toHaveLength(2);
    const [o1, o2] = p?.orders ?? [];
    expect(o1?.orc?.name).toBe('ORC');
    expect(names(o1?.notes ?? [])).toEqual(['NTE2']);
    expect(o1?.observations.map((o) => [o.obx.occurrence, names(o.notes)])).toEqual([[1, ['NTE3']], [2, []]]);
    expect(o1?.specimens[0]?.observations.map((o) => o.obx.occurrence)).toEqual([3]);
    expect(o2?.orc).toBeUndefined();
    expect(o2?.observations.map((o) => o.obx.occurrence)).toEqual([4]);
  });

  it('OUL_R22: SPM before OBR, ORC after OBR stay one order; OBX after OBR are results', () => {
    const o = groupMessage(msg('PID|1', 'SPM|1', 'OBR|1', 'ORC|SC', 'OBX|1')).patients[0]?.orders;
    expect(o).toHaveLength(1);
    expect(o?.[0]?.orc?.name).toBe('ORC');
    expect(o?.[0]?.specimens).toHaveLength(1);
    expect(o?.[0]?.observations).toHaveLength(1);
  });

  it('VXU / RDE: RXA, RXE, RXR attach to the ORC; a second ORC starts a new order', () => {
    const o = groupMessage(msg('PID|1', 'ORC|RE', 'RXA|0|1', 'RXR|IM', 'OBX|1', 'ORC|RE', 'RXA|0|1')).patients[0]?.orders;
    expect(o?.map((x) => names(x.detail))).toEqual([['RXA1', 'RXR1'], ['RXA2']]);
    expect(o?.[0]?.observations).toHaveLength(1);
  });

  it('SIU / MDM: SCH, TXA, AIS … are header segments with their notes; several PIDs are several patients', () => {
    const g = groupMessage(msg('SCH|1', 'NTE|1||appointment note', 'PID|1', 'RGS|1', 'AIS|1', 'NTE|2||service note', 'PID|2'));
    expect(names(g.header)).toEqual(['SCH1', 'RGS1', 'AIS1']);
    expect(names(g.headerNotes.get(g.header[0]?.index ?? -1) ?? [])).toEqual(['NTE1']);
    expect(names(g.headerNotes.get(g.header[2]?.index ?? -1) ?? [])).toEqual(['NTE2']);
    expect(g.patients).toHaveLength(2);
  });
});

describe('groupMessage: PRT', () => {
  it('PRT after OBX belongs to the observation, after ORC / OBR to the order, after PV1 to the patient', () => {
    const p = groupMessage(msg('PID|1', 'PV1|1', 'PRT|1', 'ORC|RE', 'PRT|2', 'OBR|1', 'OBX|1', 'PRT|3')).patients[0];
    expect(names(p?.other ?? [])).toEqual(['PRT1']);
    expect(names(p?.orders[0]?.participations ?? [])).toEqual(['PRT2']);
    expect(names(p?.orders[0]?.observations[0]?.participations ?? [])).toEqual(['PRT3']);
  });
});
