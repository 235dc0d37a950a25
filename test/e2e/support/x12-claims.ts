/**
 * Hand-written X12 fixtures for the claim life-cycle end-to-end tests (names and ids invented; the
 * elements that matter are noted): an 837D dental claim and a 276 claim status request about the
 * 837P fixture's billing provider and subscriber (src/translators/x12/transactions/test-fixtures.ts).
 */
import { interchange } from '../../../src/translators/x12/transactions/test-fixtures.js';

/**
 * An 837D (005010X224A2) body: one dental claim DENT0001 of 245.00 = two lines: D2391 (resin
 * composite, 145.00) on tooth 30 (TOO02), surfaces M and O (TOO03), and D4341 (scaling and root
 * planing, 100.00) on the upper right quadrant (SV304 oral cavity designation 10).
 */
export const BODY_837D: readonly string[] = [
  'BHT*0019*00*0456*20240115*1230*CH',
  'NM1*41*2*SMILE BILLING*****46*TGJ23',
  'PER*IC*JERRY*TE*3055552222',
  'NM1*40*2*KEY DENTAL*****46*66783JJT',
  'HL*1**20*1',
  'PRV*BI*PXC*1223G0001X',
  'NM1*85*2*BRIGHT SMILES DENTAL*****XX*1912301953',
  'N3*234 SEAWAY ST',
  'N4*MIAMI*FL*331110000',
  'REF*EI*587654321',
  'HL*2*1*22*0',
  'SBR*P*18*GRP01******CI',
  'NM1*IL*1*SMITH*JANE****MI*JS00111223333',
  'N3*236 N MAIN ST',
  'N4*MIAMI*FL*33413',
  'DMG*D8*19730501*F',
  'NM1*PR*2*KEY DENTAL*****PI*999996666',
  'CLM*DENT0001*245***11:B:1*Y*A*Y*I',
  'HI*ABK:K0252',
  'LX*1',
  'SV3*AD:D2391*145****1*****1',
  'TOO*JP*30*M:O',
  'DTP*472*D8*20240110',
  'LX*2',
  'SV3*AD:D4341*100**10**1*****1',
  'DTP*472*D8*20240110',
];

/** A whole 837D interchange; `edit` rewrites the body first. */
export function x837d(edit: (body: string[]) => string[] = (b) => b): string {
  return interchange('HC', '837', edit([...BODY_837D]), '005010X224A2');
}

/** A 276 (005010X212) body asking about claim (REF EJ = CLM01) `clm01` of the 837P fixture's provider. */
export function body276(clm01: string): string[] {
  return [
    'BHT*0010*13*STATUSQ1*20240301*1425',
    'HL*1**20*1',
    'NM1*PR*2*KEY INSURANCE*****PI*999996666',
    'HL*2*1*21*1',
    'NM1*41*2*BILLING SERVICE*****46*TGJ23',
    'HL*3*2*19*1',
    'NM1*1P*2*KILDARE CLINIC*****XX*1912301953',
    'HL*4*3*22*0',
    'DMG*D8*19730501*F',
    'NM1*IL*1*SMITH*JANE****MI*JS00111223333',
    'TRN*1*TRACE0001',
    `REF*EJ*${clm01}`,
    'AMT*T3*150',
    'DTP*472*D8*20240110',
  ];
}

/** A whole 276 interchange about `clm01`. */
export function x276(clm01: string): string {
  return interchange('HR', '276', body276(clm01), '005010X212');
}

/**
 * A generated 837P batch: one billing provider and `claims` subscriber claims (CLM01 `BATCH<n>`,
 * member `M<n>`, 150.00 = 100 + 50), about 600 bytes each, in one transaction set.
 */
export function x837pBatch(claims: number): string {
  const body = [
    'BHT*0019*00*BATCH*20240115*1230*CH', 'NM1*41*2*BILLING SERVICE*****46*TGJ23', 'PER*IC*JERRY*TE*3055552222',
    'NM1*40*2*KEY INSURANCE*****46*66783JJT', 'HL*1**20*1', 'PRV*BI*PXC*203BF0100Y', 'NM1*85*2*KILDARE CLINIC*****XX*1912301953',
    'N3*234 SEAWAY ST', 'N4*MIAMI*FL*331110000', 'REF*EI*587654321',
  ];
  for (let n = 1; n <= claims; n++) {
    body.push(
      `HL*${n + 1}*1*22*0`, 'SBR*P*18*GRP01******CI', `NM1*IL*1*DOE${n}*JANE****MI*M${n}`, 'N3*236 N MAIN ST', 'N4*MIAMI*FL*33413',
      'DMG*D8*19730501*F', 'NM1*PR*2*KEY INSURANCE*****PI*999996666', `CLM*BATCH${n}*150***11:B:1*Y*A*Y*I`, 'HI*ABK:J020*ABF:R05',
      'NM1*82*1*KILDARE*BEN****XX*1999996666', 'PRV*PE*PXC*204C00000X', 'LX*1', 'SV1*HC:99213*100*UN*1***1:2', 'DTP*472*D8*20240110',
      'LX*2', 'SV1*HC:87880*50*UN*1***1', 'DTP*472*D8*20240110',
    );
  }
  return interchange('HC', '837', body, '005010X222A1');
}
