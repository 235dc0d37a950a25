import { describe, expect, it } from 'vitest';
import { identityCodeMapper } from '../../core/code-mapping.js';
import { CONCEPT_MAP_VERSION_TAG_SYSTEM, conceptMapVersionTags, integrationContext, integrationsOf, unmappedIssue } from './index.js';

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
