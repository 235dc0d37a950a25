/** translateHl7v2: dispatch, unsupported types, event time, patient key and Provenance; the bundle builder. */
import { describe, expect, it } from 'vitest';
import type { Binary, Patient, Provenance } from 'fhir/r4.js';
import { parseHl7Message } from '../parser/index.js';
import { BundleBuilder, conditionalUrl, identifierQuery } from './bundle.js';
import { testContext } from './testing.js';
import { translateHl7v2 } from './translate.js';

const MSH = (type: string, time = '20240115103000-0500'): string => `MSH|^~\\&|APP|FAC|GW|LYFE|${time}||${type}|C1|P|2.5.1`;

describe('translateHl7v2', () => {
  it.each([
    ['unknown message type → 200', `${MSH('ZZZ^Z01')}\rPID|1||1^^^H`, '200', 'MSH-9.1'],
    ['known type, unknown event → 201', `${MSH('ADT^A99')}\rPID|1||1^^^H`, '201', 'MSH-9.2'],
  ])('%s', (_n, text, code, location) => {
    const r = translateHl7v2(parseHl7Message(text), testContext());
    expect(r.issues.map((i) => [i.severity, i.details?.coding?.[0]?.code, i.expression?.[0]])).toEqual([['error', code, location]]);
    expect(r.bundle).toEqual({ resourceType: 'Bundle', type: 'transaction', entry: [] });
  });

  it.each([
    ['EVN-2 wins', 'EVN|A04|20240115102000-0500', '2024-01-15T10:20:00-05:00'],
    ['MSH-7 without EVN-2', 'EVN|A04', '2024-01-15T10:30:00-05:00'],
  ])('event time: %s', (_n, evn, expected) => {
    const r = translateHl7v2(parseHl7Message(`${MSH('ADT^A04')}\r${evn}\rPID|1||7^^^H||DOE`), testContext());
    expect(r.eventTime).toBe(expected);
    expect(r.patientKey).toBe('urn:id:H|7');
  });

  it('a time without zone keeps the date and warns, unless the sender zone is configured', () => {
    const text = `${MSH('ADT^A04', '202401151030')}\rPID|1||7^^^H`;
    const bare = translateHl7v2(parseHl7Message(text), testContext());
    expect([bare.eventTime, bare.issues.map((i) => i.severity)]).toEqual(['2024-01-15', ['warning']]);
    expect(translateHl7v2(parseHl7Message(text), testContext({ defaultZone: '+01:00' })).eventTime).toBe('2024-01-15T10:30:00+01:00');
  });

  it('adds a Provenance targeting every written resource, and meta.source on each', () => {
    const r = translateHl7v2(parseHl7Message(`${MSH('ADT^A28')}\rEVN|A28\rPID|1||7^^^H||DOE`), testContext());
    const entries = r.bundle.entry ?? [];
    const prov = entries.at(-1)?.resource as Provenance;
    expect(prov.resourceType).toBe('Provenance');
    expect(prov.target).toEqual(entries.slice(0, -1).map((e) => ({ reference: e.fullUrl })));
    expect(prov).toMatchObject({
      recorded: '2024-01-15T10:30:00-05:00',
      agent: [{ who: { display: 'APP' }, onBehalfOf: { display: 'FAC' } }],
      entity: [{ role: 'source', what: { identifier: { system: 'urn:ietf:rfc:3986', value: 'urn:lyfeai:inbox:test' } } }],
    });
    for (const e of entries) expect(e.resource?.meta?.source).toBe('hl7v2:TEST');
  });

  it('EVN-4 / EVN-5 / EVN-6 add the reason, the enterer and the occurrence to the Provenance', () => {
    const r = translateHl7v2(parseHl7Message(`${MSH('ADT^A28')}\rEVN|A28|20240115102000-0500||01^Patient request^HL70062|77^CLERK^ANN|20240115101500-0500\rPID|1||7^^^H`), testContext());
    const prov = r.bundle.entry?.at(-1)?.resource as Provenance;
    expect(prov.occurredDateTime).toBe('2024-01-15T10:15:00-05:00');
    expect(prov.reason?.[0]?.coding?.[0]).toEqual({ system: 'http://terminology.hl7.org/CodeSystem/v2-0062', code: '01', display: 'Patient request' });
    expect(prov.agent[1]).toMatchObject({ type: { coding: [{ code: 'enterer' }] }, who: { display: 'ANN CLERK', identifier: { value: '77' } } });
    expect(r.eventTime).toBe('2024-01-15T10:20:00-05:00');
  });

  it('a message without PID is an error, nothing is written', () => {
    const r = translateHl7v2(parseHl7Message(`${MSH('ADT^A01')}\rEVN|A01`), testContext());
    expect(r.issues.map((i) => [i.severity, i.expression?.[0]])).toEqual([['error', 'PID']]);
    expect(r.bundle.entry).toEqual([]);
  });
});

describe('BundleBuilder', () => {
  const id = { system: 'urn:id:H', value: 'a|b,c' };
  it('escapes search-special characters in conditional URLs', () => {
    expect(identifierQuery(id)).toBe('identifier=urn%3Aid%3AH|a%5C%7Cb%5C%2Cc');
    expect(conditionalUrl('Patient', id)).toBe('Patient?identifier=urn%3Aid%3AH|a%5C%7Cb%5C%2Cc');
  });
  it('one entry per identity; reserve gives the later fullUrl', () => {
    const b = new BundleBuilder(testContext());
    const reserved = b.reserve('Patient', id);
    const first = b.upsert({ resourceType: 'Patient' }, id);
    const again = b.createIfAbsent({ resourceType: 'Patient', active: true }, id);
    expect([first, again]).toEqual([reserved, reserved]);
    expect(b.build().entry?.map((e) => e.request)).toEqual([{ method: 'PUT', url: conditionalUrl('Patient', id) }]);
  });
  it('createIfAbsent is a POST with ifNoneExist; jsonPatch carries base64 JSON Patch with meta.source', () => {
    const b = new BundleBuilder(testContext());
    b.createIfAbsent({ resourceType: 'Practitioner' } , { system: 's', value: '1' });
    const ref = b.jsonPatch('Patient', { system: 's', value: '2' }, [{ op: 'add', path: '/active', value: true }]);
    const [post, patch] = b.build().entry ?? [];
    expect(post?.request).toEqual({ method: 'POST', url: 'Practitioner', ifNoneExist: 'identifier=s|1' });
    expect(ref).toEqual({ reference: 'Patient?identifier=s|2' });
    const binary = patch?.resource as Binary;
    expect(JSON.parse(Buffer.from(binary.data ?? '', 'base64').toString('utf8'))).toEqual([
      { op: 'add', path: '/active', value: true }, { op: 'add', path: '/meta/source', value: 'hl7v2:TEST' },
    ]);
    expect((post?.resource as Patient).meta?.source).toBe('hl7v2:TEST');
  });
});
