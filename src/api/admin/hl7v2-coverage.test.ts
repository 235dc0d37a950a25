import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Hl7v2CoverageReport } from '../../translators/hl7v2/coverage/index.js';
import { READER_ID, READER_SECRET } from '../../../test/e2e/support/test-app.js';
import { startAdminTestApp, type AdminTestApp } from './test-support/admin-test-app.js';
import { hl7v2CoverageRoutes } from './hl7v2-coverage.js';

const PATH = '/admin/api/hl7v2/coverage';
let t: AdminTestApp;
let admin = '';
const report = new Hl7v2CoverageReport();
report.record('ADT1/HOSP', 'ADT^A01', { present: new Set(['PID-3', 'ZPI-1']), read: new Set(['PID-3']) });
report.record('LAB/HOSP', 'ORU^R01', { present: new Set(['OBX-5']), read: new Set(['OBX-5']) });

beforeAll(async () => {
  t = await startAdminTestApp(() => [hl7v2CoverageRoutes(report)]);
  admin = await t.base.token();
});
afterAll(async () => t.close());

describe(`GET ${PATH}`, () => {
  it('answers the report as JSON: per sender and type, fields present / mapped / ignored', async () => {
    const res = await request(t.app).get(PATH).auth(admin, { type: 'bearer' });
    expect(res.status).toBe(200);
    expect(res.type).toBe('application/json');
    expect(res.body.rows).toHaveLength(2);
    expect(res.body.rows[0]).toEqual({
      sender: 'ADT1/HOSP', messageType: 'ADT^A01', messages: 1, present: 2, mapped: 1, ignored: 1,
      fields: [{ field: 'PID-3', present: 1, mapped: 1, ignored: 0 }, { field: 'ZPI-1', present: 1, mapped: 0, ignored: 1 }],
    });
  });

  it.each([
    ['?sender=LAB%2FHOSP', ['ORU^R01']],
    ['?messageType=ADT%5EA01', ['ADT^A01']],
    ['?sender=NOBODY', []],
  ])('filters %s', async (query, types) => {
    const res = await request(t.app).get(`${PATH}${query}`).auth(admin, { type: 'bearer' });
    expect((res.body.rows as { messageType: string }[]).map((r) => r.messageType)).toEqual(types);
  });

  it('400 for an unknown parameter; 405 for another method; 401 / 403 without an admin token', async () => {
    expect((await request(t.app).get(`${PATH}?x=1`).auth(admin, { type: 'bearer' })).status).toBe(400);
    expect((await request(t.app).post(PATH).auth(admin, { type: 'bearer' })).status).toBe(405);
    expect((await request(t.app).get(PATH)).status).toBe(401);
    const reader = await t.base.token(undefined, READER_ID, READER_SECRET);
    expect((await request(t.app).get(PATH).auth(reader, { type: 'bearer' })).status).toBe(403);
  });
});
