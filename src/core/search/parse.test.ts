import { describe, expect, it } from 'vitest';
import { OperationOutcomeError } from '../outcomes.js';
import { parseSearchRequest, type ParseOptions } from './parse.js';
import { defaultSearchParamRegistry } from './registry.js';
import type { ChainFilter, HasFilter, ParamFilter, SearchRequest, SearchValue } from './types.js';

const registry = defaultSearchParamRegistry();
const strict: ParseOptions = { lenient: false, defaultCount: 20, maxCount: 1000 };
const utc = (s: string): number => Date.parse(s);

function parse(type: string | undefined, query: string, options: ParseOptions = strict): SearchRequest {
  return parseSearchRequest(type, new URLSearchParams(query), registry, options);
}
function values(type: string, query: string): readonly SearchValue[] {
  const f = parse(type, query).filters[0] as ParamFilter;
  return f.values;
}
function rejection(type: string | undefined, query: string): { code: string | undefined; expression: string[] | undefined } {
  try {
    parse(type, query);
  } catch (e) {
    if (e instanceof OperationOutcomeError) return { code: e.outcome.issue[0]?.code, expression: e.outcome.issue[0]?.expression };
    throw e;
  }
  throw new Error(`expected ${query} to be rejected`);
}

describe('parseSearchRequest: values', () => {
  it.each<[string, string, SearchValue[]]>([
    ['Observation', 'code=http://loinc.org|1234-5', [{ kind: 'token', system: 'http://loinc.org', code: '1234-5', noSystem: false }]],
    ['Observation', 'code=|1234-5', [{ kind: 'token', system: undefined, code: '1234-5', noSystem: true }]],
    ['Observation', 'code=http://loinc.org|', [{ kind: 'token', system: 'http://loinc.org', code: undefined, noSystem: false }]],
    ['Observation', 'code=1234-5,9999-9', [
      { kind: 'token', system: undefined, code: '1234-5', noSystem: false }, { kind: 'token', system: undefined, code: '9999-9', noSystem: false }]],
    ['Observation', 'code=a\\,b', [{ kind: 'token', system: undefined, code: 'a,b', noSystem: false }]],
    ['Observation', 'code=s\\|x|c\\\\d', [{ kind: 'token', system: 's|x', code: 'c\\d', noSystem: false }]],
    ['Observation', 'code:text=Heart Ráte', [{ kind: 'string', value: 'heart rate' }]],
    ['Observation', 'code:in=http://vs.example/vs', [{ kind: 'uri', value: 'http://vs.example/vs' }]],
    ['Patient', 'identifier:of-type=http://terminology.hl7.org/CodeSystem/v2-0203|MR|123', [
      { kind: 'of-type', typeSystem: 'http://terminology.hl7.org/CodeSystem/v2-0203', typeCode: 'MR', value: '123' }]],
    ['Patient', 'name=  MÜLLER ', [{ kind: 'string', value: 'muller' }]],
    ['Patient', 'name:exact=Müller', [{ kind: 'string', value: 'Müller' }]],
    ['Patient', 'birthdate=2024', [{ kind: 'date', prefix: 'eq', low: utc('2024-01-01T00:00:00Z'), high: utc('2025-01-01T00:00:00Z') - 1 }]],
    ['Patient', 'birthdate=ge2024-03-01T10:00', [{ kind: 'date', prefix: 'ge', low: utc('2024-03-01T10:00:00Z'), high: utc('2024-03-01T10:01:00Z') - 1 }]],
    ['RiskAssessment', 'probability=gt0.8', [{ kind: 'number', prefix: 'gt', value: 0.8, low: 0.75, high: 0.85 }]],
    ['Observation', 'value-quantity=le5.4|http://unitsofmeasure.org|mg', [{ kind: 'quantity', prefix: 'le', value: 5.4, low: 5.35, high: 5.45,
      system: 'http://unitsofmeasure.org', code: 'mg', canonicalValue: 0.0054, canonicalLow: 0.00535, canonicalHigh: 0.00545, canonicalCode: 'g' }]],
    ['Observation', 'value-quantity=5', [{ kind: 'quantity', prefix: 'eq', value: 5, low: 4.5, high: 5.5, system: undefined, code: undefined,
      canonicalValue: undefined, canonicalLow: undefined, canonicalHigh: undefined, canonicalCode: undefined }]],
    ['Observation', 'subject=Patient/1', [{ kind: 'reference', ref: 'Patient/1', targetType: 'Patient', targetId: '1' }]],
    ['Observation', 'patient=1', [{ kind: 'reference', ref: 'Patient/1', targetType: 'Patient', targetId: '1' }]],
    ['Observation', 'subject=1', [{ kind: 'reference', ref: '1', targetType: undefined, targetId: '1' }]],
    ['Observation', 'subject:Patient=1', [{ kind: 'reference', ref: 'Patient/1', targetType: 'Patient', targetId: '1' }]],
    ['Observation', 'subject=https://x.example/fhir/Patient/9', [{ kind: 'reference', ref: 'https://x.example/fhir/Patient/9', targetType: 'Patient', targetId: '9' }]],
    ['Observation', 'subject:identifier=urn:mrn|42', [{ kind: 'identifier', system: 'urn:mrn', value: '42' }]],
    ['Observation', 'subject:missing=true', [{ kind: 'missing', missing: true }]],
    ['ValueSet', 'url=http://x.example/vs', [{ kind: 'uri', value: 'http://x.example/vs' }]],
    ['Observation', 'component-code-value-quantity=http://loinc.org|8480-6$gt100', [{ kind: 'composite', components: [
      { kind: 'token', system: 'http://loinc.org', code: '8480-6', noSystem: false },
      { kind: 'quantity', prefix: 'gt', value: 100, low: 99.5, high: 100.5, system: undefined, code: undefined,
        canonicalValue: undefined, canonicalLow: undefined, canonicalHigh: undefined, canonicalCode: undefined }] }]],
  ])('%s?%s', (type, query, expected) => {
    expect(values(type, query)).toEqual(expected);
  });

  it('ANDs repeated parameters and keeps modifiers', () => {
    const r = parse('Observation', 'date=ge2024&date=lt2025&code:not=x');
    expect(r.filters).toHaveLength(3);
    expect((r.filters[2] as ParamFilter).modifier).toBe('not');
    expect((r.filters[0] as ParamFilter).param.code).toBe('date');
  });

  it('ignores empty values', () => {
    expect(parse('Observation', 'code=&status=final').filters).toHaveLength(1);
  });
});

describe('parseSearchRequest: chains and _has', () => {
  it('parses a typed multi-level chain', () => {
    const f = parse('Observation', 'subject:Patient.organization.name=acme').filters[0] as ChainFilter;
    expect(f.kind).toBe('chain');
    expect(f.targetType).toBe('Patient');
    const inner = f.filter as ChainFilter;
    expect([inner.kind, inner.param.code, inner.targetType]).toEqual(['chain', 'organization', 'Organization']);
    expect((inner.filter as ParamFilter).values).toEqual([{ kind: 'string', value: 'acme' }]);
  });

  it('infers the chain target when only one target has the parameter', () => {
    const f = parse('Observation', 'patient.birthdate=2000').filters[0] as ChainFilter;
    expect(f.targetType).toBe('Patient');
  });

  it('rejects an ambiguous untyped chain', () => {
    expect(rejection('Observation', 'subject.name=x')).toEqual({ code: 'invalid', expression: ['subject.name'] });
  });

  it('parses nested _has', () => {
    const f = parse('Patient', '_has:Observation:patient:_has:AuditEvent:entity:agent=Practitioner/1').filters[0] as HasFilter;
    expect([f.kind, f.sourceType, f.referenceParam.code]).toEqual(['has', 'Observation', 'patient']);
    const inner = f.filter as HasFilter;
    expect([inner.kind, inner.sourceType, inner.referenceParam.code]).toEqual(['has', 'AuditEvent', 'entity']);
  });

  it('parses _has with a token', () => {
    const f = parse('Patient', '_has:Observation:patient:code=1234').filters[0] as HasFilter;
    expect((f.filter as ParamFilter).values).toEqual([{ kind: 'token', system: undefined, code: '1234', noSystem: false }]);
  });
});

describe('parseSearchRequest: result parameters', () => {
  it('parses sort, include, revinclude, count, total, summary, elements, cursor', () => {
    const r = parse('Observation', '_sort=-date,code&_include=Observation:subject:Patient&_include:iterate=Patient:organization' +
      '&_revinclude=Provenance:target&_count=5000&_total=estimate&_summary=data&_elements=code,subject&_cursor=abc&_format=json');
    expect(r.sort.map((s) => [s.param.code, s.descending])).toEqual([['date', true], ['code', false]]);
    expect(r.include.map((i) => [i.sourceType, i.param?.code, i.targetType, i.iterate])).toEqual([
      ['Observation', 'subject', 'Patient', false], ['Patient', 'organization', undefined, true]]);
    expect(r.revinclude.map((i) => [i.sourceType, i.param?.code])).toEqual([['Provenance', 'target']]);
    expect(r.count).toBe(1000);
    expect(r.total).toBe('estimate');
    expect(r.summary).toBe('data');
    expect(r.elements).toEqual(['code', 'subject']);
    expect(r.cursor).toBe('abc');
    expect(r.selfParams.map(([k]) => k)).toEqual(['_sort', '_include', '_include:iterate', '_revinclude', '_count', '_total', '_summary', '_elements']);
    expect(r.selfParams[4]).toEqual(['_count', '1000']);
  });

  it('has defaults', () => {
    const r = parse('Patient', '', { ...strict, compartment: 'Patient/1' });
    expect([r.count, r.total, r.cursor, r.summary, r.elements, r.compartment]).toEqual([20, 'accurate', undefined, undefined, undefined, 'Patient/1']);
    expect(r.resourceTypes).toEqual(['Patient']);
  });

  it('allows _count=0 and wildcard includes', () => {
    const r = parse('Observation', '_count=0&_include=*&_revinclude=Provenance:*');
    expect(r.count).toBe(0);
    expect(r.include).toEqual([{ sourceType: 'Observation', param: undefined, targetType: undefined, iterate: false }]);
    expect(r.revinclude[0]?.param).toBeUndefined();
  });

  it('counts for _summary=count', () => {
    expect(parse('Observation', '_summary=count').total).toBe('accurate');
  });

  it('resolves system search params against _type', () => {
    const r = parse(undefined, '_type=Patient,Practitioner&name=smith&_lastUpdated=gt2024');
    expect(r.resourceTypes).toEqual(['Patient', 'Practitioner']);
    expect(r.filters).toHaveLength(2);
    expect(parse(undefined, '_id=1').resourceTypes).toEqual([]);
  });
});

describe('parseSearchRequest: errors', () => {
  it.each([
    ['Patient', 'nonsense=1', 'nonsense'],
    ['Patient', 'name:foo=x', 'name:foo'],
    ['Patient', 'name:text=x', 'name:text'],
    ['Patient', 'birthdate:exact=2020', 'birthdate:exact'],
    ['Patient', 'birthdate=2020-13', 'birthdate'],
    ['Patient', 'birthdate=xx2020', 'birthdate'],
    ['RiskAssessment', 'probability=abc', 'probability'],
    ['Observation', 'value-quantity=5|mg', 'value-quantity'],
    ['Observation', 'code=a|b|c', 'code'],
    ['Observation', 'subject:missing=maybe', 'subject:missing'],
    ['Observation', 'subject:Medication=1', 'subject:Medication'],
    ['Observation', 'component-code-value-quantity=x', 'component-code-value-quantity'],
    ['Observation', 'code.name=x', 'code.name'],
    ['Patient', '_has:Nope:patient:code=1', '_has:Nope:patient:code'],
    ['Patient', '_has:Observation:code:code=1', '_has:Observation:code:code'],
    ['Patient', '_list=$current-problems', '_list'],
    ['Patient', '_list:not=42', '_list:not'],
    ['Patient', '_text=x', '_text'],
    ['Patient', '_content=x', '_content'],
    ['Patient', '_filter=name eq x', '_filter'],
    ['Location', 'near=1|2|3|km', 'near'],
    ['Patient', '_count=-1', '_count'],
    ['Patient', '_total=all', '_total'],
    ['Patient', '_summary=maybe', '_summary'],
    ['Patient', '_sort=nonsense', '_sort'],
    ['Observation', '_include=Observation:code', '_include'],
    ['Observation', '_include=Patient:organization', '_include'],
    ['Observation', '_include:deep=Observation:subject', '_include:deep'],
    [undefined, 'name=x', 'name'],
    [undefined, '_type=Nope', '_type'],
  ] as const)('%s?%s → 400 on %s', (type, query, expression) => {
    expect(rejection(type, query)).toEqual({ code: 'invalid', expression: [expression] });
  });

  it('rejects unknown resource types', () => {
    expect(() => parse('Nope', '')).toThrow(OperationOutcomeError);
  });

  it('drops bad parameters when lenient and leaves them out of selfParams', () => {
    const r = parse('Patient', 'nonsense=1&name=x&_text=1&birthdate=bad&_count=abc&gender=female', { ...strict, lenient: true });
    expect(r.filters.map((f) => (f as ParamFilter).param.code)).toEqual(['name', 'gender']);
    expect(r.selfParams).toEqual([['name', 'x'], ['gender', 'female']]);
    expect(r.count).toBe(20);
  });
});

describe('parseSearchRequest: hostile input', () => {
  const nasty = ['', '\\', '\\\\\\', '|', '||', '$', '$$$', ',,,', 'ge', 'gt-', 'eq.', '%00', '{"$gt":1}', "'; DROP TABLE x;--", 'a'.repeat(5000),
    '2024-02-30', '1e999', '-0', 'Patient/', '/1', 'http://', 'urn:uuid:', '..', ':', 'ap\\,1'];
  const names = ['code', 'date', 'subject', 'value-quantity', 'component-code-value-quantity', 'identifier', 'subject.name', 'subject:Patient.name',
    'code:of-type', 'code:text', 'subject:identifier', '_has:Observation:patient:code', '_has', '_has:', '_sort', '_include', '_count', '_elements',
    'date:missing', 'subject:', ':', '.', '_type'];
  it('either parses or fails with an invalid OperationOutcome, never anything else', () => {
    for (const name of names) {
      for (const value of nasty) {
        const q = new URLSearchParams([[name, value]]);
        for (const type of ['Observation', undefined]) {
          try {
            parseSearchRequest(type, q, registry, strict);
          } catch (e) {
            expect(e, `${name}=${value}`).toBeInstanceOf(OperationOutcomeError);
            expect((e as OperationOutcomeError).category).toBe('invalid');
          }
          expect(() => parseSearchRequest(type, q, registry, { ...strict, lenient: true })).not.toThrow();
        }
      }
    }
  });

  it('keeps the order of kept parameters in selfParams', () => {
    expect(parse(undefined, '_id=1&_type=Patient&_count=5').selfParams).toEqual([['_id', '1'], ['_type', 'Patient'], ['_count', '5']]);
  });
});

describe('parseSearchRequest: _list and local base URLs', () => {
  it('turns _list=a,b into _has:List:item:_id=a,b', () => {
    const f = parse('Patient', '_list=a,b').filters[0] as HasFilter;
    expect(f.kind).toBe('has');
    expect(f.sourceType).toBe('List');
    expect(f.referenceParam.code).toBe('item');
    const inner = f.filter as ParamFilter;
    expect(inner.param.code).toBe('_id');
    expect(inner.values.map((v) => (v.kind === 'token' ? v.code : undefined))).toEqual(['a', 'b']);
    expect(parse(undefined, '_list=a').filters).toHaveLength(1);
    expect(parse('Patient', '_list=a').selfParams).toEqual([['_list', 'a']]);
  });

  const local: ParseOptions = { ...strict, localBaseUrls: ['https://gw.example.org/fhir/'] };
  it.each<[string, string, string]>([
    ['local base → Type/id', 'subject=https://gw.example.org/fhir/Patient/1', 'Patient/1'],
    ['local base, versioned', 'subject=https://gw.example.org/fhir/Patient/1/_history/3', 'Patient/1'],
    ['other server kept absolute', 'subject=https://other.example/fhir/Patient/1', 'https://other.example/fhir/Patient/1'],
    ['relative unchanged', 'subject=Patient/1', 'Patient/1'],
  ])('%s', (_label, query, ref) => {
    const f = parse('Observation', query, local).filters[0] as ParamFilter;
    expect(f.values[0]).toMatchObject({ kind: 'reference', ref });
  });

  it('localizes inside chains and _has too', () => {
    const chain = parse('Observation', 'subject:Patient.organization=https://gw.example.org/fhir/Organization/9', local).filters[0] as ChainFilter;
    expect((chain.filter as ParamFilter).values[0]).toMatchObject({ ref: 'Organization/9' });
    const has = parse('Patient', '_has:Observation:patient:performer=https://gw.example.org/fhir/Practitioner/2', local).filters[0] as HasFilter;
    expect((has.filter as ParamFilter).values[0]).toMatchObject({ ref: 'Practitioner/2' });
  });

  it('keeps absolute values without local bases', () => {
    const f = parse('Observation', 'subject=https://gw.example.org/fhir/Patient/1').filters[0] as ParamFilter;
    expect(f.values[0]).toMatchObject({ ref: 'https://gw.example.org/fhir/Patient/1' });
  });
});
