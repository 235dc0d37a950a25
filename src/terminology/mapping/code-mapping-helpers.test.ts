import { describe, expect, it } from 'vitest';
import { identityCodeMapper } from '../../core/code-mapping.js';
import {
  CONCEPT_MAP_VERSION_TAG_SYSTEM, conceptMapVersionTags, integrationContext, integrationsOf, recordingCodeMapper, unmappedIssue, withConceptMapVersionTags,
} from './index.js';

describe('code-mapping helpers', () => {
  it('unmappedIssue is a warning with the location and a machine-readable detail', () => {
    const i = unmappedIssue({ system: 'http://x/lab', code: 'Q', target: 'http://loinc.org' }, 'OBX-3');
    expect(i).toMatchObject({ severity: 'warning', code: 'code-invalid', expression: ['OBX-3'], details: { coding: [{ code: 'unmapped-code' }] } });
    expect(i.diagnostics).toContain('http://x/lab|Q');
  });

  it('conceptMapVersionTags: one tag per map, deduplicated', () => {
    expect(conceptMapVersionTags(['http://m|1', 'http://n|2', 'http://m|1'])).toEqual([
      { system: CONCEPT_MAP_VERSION_TAG_SYSTEM, code: 'http://m|1' }, { system: CONCEPT_MAP_VERSION_TAG_SYSTEM, code: 'http://n|2' },
    ]);
  });

  it('integrationsOf reads the source useContexts only', () => {
    expect(integrationsOf({ resourceType: 'ConceptMap', status: 'active' })).toEqual([]);
    expect(integrationsOf({
      resourceType: 'ConceptMap', status: 'active', useContext: [
        integrationContext('a'),
        { code: { system: 'http://terminology.hl7.org/CodeSystem/usage-context-type', code: 'venue' }, valueCodeableConcept: { text: 'no' } },
        { code: integrationContext('b').code, valueCodeableConcept: { text: 'b' } },
      ],
    })).toEqual(['a', 'b']);
  });

  it('identityCodeMapper keeps the original only', () => {
    expect(identityCodeMapper.map({ system: 'http://x', code: 'c' }, { source: 's' })).toEqual({ codings: [{ system: 'http://x', code: 'c' }], mapped: false, maps: [] });
  });
});

describe('map-version helpers', () => {
  it('withConceptMapVersionTags replaces tags of the same maps and keeps the others', () => {
    const meta = { source: 'urn:m', tag: [{ system: 'http://other', code: 'x' }, { system: CONCEPT_MAP_VERSION_TAG_SYSTEM, code: 'http://m|1' }] };
    expect(withConceptMapVersionTags(meta, ['http://m|2', 'http://n|1'])).toEqual({
      source: 'urn:m',
      tag: [{ system: 'http://other', code: 'x' }, { system: CONCEPT_MAP_VERSION_TAG_SYSTEM, code: 'http://m|2' }, { system: CONCEPT_MAP_VERSION_TAG_SYSTEM, code: 'http://n|1' }],
    });
    expect(withConceptMapVersionTags(undefined, [])).toEqual({ tag: [] });
    expect(withConceptMapVersionTags(meta, [])).toBe(meta);
  });

  it('recordingCodeMapper collects the maps used until reset', () => {
    const inner = { map: (input: { code: string }) => ({ codings: [], mapped: input.code !== 'x', maps: input.code === 'x' ? [] : [`http://m/${input.code}|1`] }) };
    const rec = recordingCodeMapper(inner);
    rec.mapper.map({ system: 's', code: 'a' }, { source: 'q' });
    rec.mapper.map({ system: 's', code: 'x' }, { source: 'q' });
    rec.mapper.map({ system: 's', code: 'a' }, { source: 'q' });
    rec.mapper.map({ system: 's', code: 'b' }, { source: 'q' });
    expect(rec.used()).toEqual(['http://m/a|1', 'http://m/b|1']);
    rec.reset();
    expect(rec.used()).toEqual([]);
  });
});
