/**
 * Replays converge: translating and applying the same message twice through the repository writes no
 * new resources (only a second Provenance). Covers every ADT fixture and a message that writes every
 * kind of record the ADT translators create (Location from PL, Practitioner from XCN, Organization from
 * XON, contacts from NK1, AllergyIntolerance, Condition, Procedure, Coverage, guarantor RelatedPerson).
 */
import { beforeEach, describe, expect, it } from 'vitest';
import type { Bundle } from 'fhir/r4.js';
import { loadSearchParamRegistry } from '../../src/core/search/registry.js';
import { createIndexExtractor } from '../../src/core/search/extract.js';
import { openTestStore } from '../../src/store/test-support/store-kinds.js';
import { createSchemaValidator } from '../../src/validation/schema-validator.js';
import type { FhirRepository } from '../../src/repository/fhir-repository.js';
import { makeRepository, testContext as repoContext } from '../../src/repository/test-harness.js';
import { parseHl7Message } from '../../src/translators/hl7v2/parser/index.js';
import { translateHl7v2 } from '../../src/translators/hl7v2/fhir/translate.js';
import { testContext } from '../../src/translators/hl7v2/fhir/testing.js';
import { ADT_FIXTURES } from '../../src/translators/hl7v2/fhir/messages/fixtures.js';

const registry = loadSearchParamRegistry();
const extractor = createIndexExtractor(registry);
const validator = createSchemaValidator();
const ctx = repoContext({ source: 'hl7v2:TEST' });
const TYPES = ['Patient', 'Encounter', 'Location', 'Practitioner', 'Organization', 'RelatedPerson', 'AllergyIntolerance', 'Condition', 'Procedure', 'Coverage'] as const;

const pv1 = (): string => {
  const f: string[] = Array.from({ length: 45 }, () => '');
  f[2] = 'I';
  f[3] = 'ICU^101^A^HOSP^^^MAIN^2';
  f[6] = 'ER^1^^HOSP';
  f[7] = '1234^SMITH^JOHN^^^DR^^^NPI';
  f[8] = '^NOID^NANCY';
  f[9] = '5678^JONES^AMY^^^DR^^^NPI';
  f[19] = 'V100^^^HOSP^VN';
  f[44] = '20240115100000-0500';
  return `PV1|1${f.slice(2).map((x) => `|${x}`).join('')}`;
};

const RICH = [
  'MSH|^~\\&|ADT1|HOSP|GW|LYFE|20240115103000-0500||ADT^A01^ADT_A01|R1|P|2.5.1',
  'EVN|A01|20240115102900-0500',
  'PID|1||123^^^HOSP^MR||DOE^JANE^Q||19800101|F|||1 MAIN ST^^SPRINGFIELD^IL^62701^USA^H',
  'PD1|||Family Clinic^^FC1^^^HOSP|4321^WELBY^MARCUS^^^DR^^^NPI',
  'NK1|1|DOE^JOHN|SPO^Spouse^HL70063||^PRN^PH^^1^217^5559876',
  'NK1|2|ACME CORP|EMR^Employer^HL70063',
  pv1(),
  'DG1|1||I10^Essential hypertension^I10||20240115|A',
  'DG1|2||E11.9^Type 2 diabetes^I10||20240115|W',
  'PR1|1||0DTJ4ZZ^Appendectomy^I10P||20240116080000-0500|||||||9999^CUTTER^SAM^^^DR^^^NPI',
  'AL1|1|DA|70618^Penicillin^RXNORM|SV|Hives',
  'AL1|2|FA|PNUT^Peanut^L|MO|Rash',
  'GT1|1||DOE^JOHN||1 MAIN ST^^SPRINGFIELD^IL^62701^USA^H|^PRN^PH^^1^217^5559876||19790101|M||SPO',
  `IN1|1|PLAN1^Gold Plan|INS1^^^PAYERS|Acme Health||||GRP9||||20240101|||||SEL^Self^HL70063${'|'.repeat(19)}POL555`,
  'IN1|2|PLAN2^Silver|INS2^^^PAYERS|Other Health',
].join('\r');

describe('ADT replays converge in the repository', () => {
  let repo: FhirRepository;
  let n = 0;
  beforeEach(async () => {
    repo = makeRepository({ store: await openTestStore('sqlite', registry, extractor), registry, extractor, validator });
  });

  async function apply(text: string): Promise<void> {
    const result = translateHl7v2(parseHl7Message(text), testContext({ ids: () => `00000000-0000-4000-8000-${String(++n).padStart(12, '0')}` }));
    expect(result.issues.filter((i) => i.severity === 'error' || i.severity === 'fatal')).toEqual([]);
    try {
      await repo.bundle(ctx, result.bundle);
    } catch (e) {
      if (result.fallbackBundle === undefined) throw e;
      await repo.bundle(ctx, result.fallbackBundle as Bundle);
    }
  }

  async function counts(): Promise<Record<string, number>> {
    const out: Record<string, number> = {};
    for (const type of TYPES) {
      const b = await repo.search(ctx, type, new URLSearchParams('_summary=count'));
      out[type] = b.total ?? 0;
    }
    return out;
  }

  it('a message writing every ADT record kind: same resource count after the replay', async () => {
    await apply(RICH);
    const first = await counts();
    expect(first).toMatchObject({ Patient: 1, Encounter: 1, Condition: 2, AllergyIntolerance: 2, Coverage: 2 });
    expect(first['Location']).toBeGreaterThanOrEqual(2);
    expect(first['Practitioner']).toBeGreaterThanOrEqual(3);
    expect(first['Organization']).toBeGreaterThanOrEqual(1);
    await apply(RICH);
    expect(await counts()).toEqual(first);
  });

  it.each(Object.keys(ADT_FIXTURES))('ADT^%s applied twice: same resource count', async (event) => {
    const text = ADT_FIXTURES[event] ?? '';
    // Events about an existing record need it first (A40 / A47 merge into it).
    await apply(ADT_FIXTURES['A01'] ?? '');
    await apply(text);
    const first = await counts();
    await apply(text);
    expect(await counts()).toEqual(first);
  });
});
