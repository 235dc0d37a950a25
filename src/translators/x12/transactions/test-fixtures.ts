/**
 * Minimal, hand-written transaction sets for the loop parser, SNIP and FHIR tests. Each builder
 * returns a whole interchange (the envelope counts are computed), so a test changes one segment and
 * states what that change must do. Names and ids are invented.
 */
import { isa } from '../fixtures.js';

/** Wraps body segments (without ST / SE) in ISA / GS / ST … SE / GE / IEA with correct counts. */
export function interchange(functionalId: string, st: string, body: readonly string[], guide: string): string {
  const lines = [
    `GS*${functionalId}*SENDER*RECEIVER*20240115*1230*1*X*${guide}`,
    `ST*${st}*0001*${guide}`,
    ...body,
    `SE*${body.length + 2}*0001`,
    'GE*1*1',
    'IEA*1*000000001',
  ];
  return `${isa()}\n${lines.map((l) => `${l}~\n`).join('')}`;
}

/** An 837P body: one billing provider, subscriber = patient, one claim of two lines (100 + 50). */
export const BODY_837P: readonly string[] = [
  'BHT*0019*00*0123*20240115*1230*CH',
  'NM1*41*2*BILLING SERVICE*****46*TGJ23',
  'PER*IC*JERRY*TE*3055552222',
  'NM1*40*2*KEY INSURANCE*****46*66783JJT',
  'HL*1**20*1',
  'PRV*BI*PXC*203BF0100Y',
  'NM1*85*2*KILDARE CLINIC*****XX*1912301953',
  'N3*234 SEAWAY ST',
  'N4*MIAMI*FL*331110000',
  'REF*EI*587654321',
  'HL*2*1*22*0',
  'SBR*P*18*GRP01******CI',
  'NM1*IL*1*SMITH*JANE****MI*JS00111223333',
  'N3*236 N MAIN ST',
  'N4*MIAMI*FL*33413',
  'DMG*D8*19730501*F',
  'NM1*PR*2*KEY INSURANCE*****PI*999996666',
  'CLM*26463774*150***11:B:1*Y*A*Y*I',
  'REF*D9*17312345600006351',
  'HI*ABK:J020*ABF:R05',
  'NM1*82*1*KILDARE*BEN****XX*1999996666',
  'PRV*PE*PXC*204C00000X',
  'LX*1',
  'SV1*HC:99213:25*100*UN*1***1:2',
  'DTP*472*D8*20240110',
  'LX*2',
  'SV1*HC:87880*50*UN*1***1',
  'DTP*472*D8*20240110',
  'LIN**N4*00093015001',
  'CTP****2*UN',
];

/** A whole 837P interchange; `edit` rewrites the body first. */
export function x837p(edit: (body: string[]) => string[] = (b) => b): string {
  return interchange('HC', '837', edit([...BODY_837P]), '005010X222A1');
}

/** An 835 body: payment 130 = claim 150 − 20 (CO 45 on the line) ; PLB none. */
export const BODY_835: readonly string[] = [
  'BPR*I*130*C*ACH*CCP*01*888999777*DA*24681012*1935665544**01*111333555*DA*144444*20240220',
  'TRN*1*7170066655*1935665544',
  'DTM*405*20240219',
  'N1*PR*KEY INSURANCE',
  'N3*10 SOUTH AVENUE',
  'N4*RAPID CITY*SD*55111',
  'PER*BL*EDI DESK*TE*8005551212',
  'N1*PE*KILDARE CLINIC*XX*1912301953',
  'LX*1',
  'CLP*26463774*1*150*130*0*12*94060555410000*11*1',
  'NM1*QC*1*SMITH*JANE****MI*JS00111223333',
  'NM1*82*1*KILDARE*BEN****XX*1999996666',
  'DTM*232*20240110',
  'SVC*HC:99213:25*100*80**1',
  'DTM*472*20240110',
  'CAS*CO*45*20',
  'LQ*HE*N130',
  'SVC*HC:87880*50*50**1',
  'DTM*472*20240110',
];

/** A whole 835 interchange; `edit` rewrites the body first. */
export function x835(edit: (body: string[]) => string[] = (b) => b): string {
  return interchange('HP', '835', edit([...BODY_835]), '005010X221A1');
}

/** An 834 body: a subscriber added with health and dental coverage, and a spouse added with health. */
export const BODY_834: readonly string[] = [
  'BGN*00*12456*20240101*1200****2',
  'REF*38*ABCD012354',
  'N1*P5*ACME CORP*FI*999888777',
  'N1*IN*KEY INSURANCE*FI*654456654',
  'INS*Y*18*021*20*A***FT',
  'REF*0F*123456789',
  'REF*1L*GRP001',
  'DTP*356*D8*20240101',
  'NM1*IL*1*DOE*JOHN*P***34*103229876',
  'PER*IP**HP*6175551212',
  'N3*1 MAIN ST',
  'N4*BOSTON*MA*02118',
  'DMG*D8*19770816*M',
  'HD*021**HLT*GOLD PPO',
  'DTP*348*D8*20240101',
  'HD*021**DEN*DENTAL BASIC',
  'DTP*348*D8*20240101',
  'INS*N*01*021*20*A',
  'REF*0F*123456789',
  'NM1*IL*1*DOE*JANE****34*103229877',
  'DMG*D8*19790301*F',
  'HD*021**HLT*GOLD PPO',
  'DTP*348*D8*20240101',
];

/** A whole 834 interchange; `edit` rewrites the body first. */
export function x834(edit: (body: string[]) => string[] = (b) => b): string {
  return interchange('BE', '834', edit([...BODY_834]), '005010X220A1');
}

/** A 270 body: one subscriber asking for health benefit plan coverage (30) and office visits (98). */
export const BODY_270: readonly string[] = [
  'BHT*0022*13*10001234*20240301*1319',
  'HL*1**20*1',
  'NM1*PR*2*KEY INSURANCE*****PI*999996666',
  'HL*2*1*21*1',
  'NM1*1P*1*KILDARE*BEN****XX*1999996666',
  'HL*3*2*22*0',
  'TRN*1*93175-012547*9877281234',
  'NM1*IL*1*SMITH*JANE****MI*JS00111223333',
  'DMG*D8*19730501*F',
  'DTP*291*D8*20240301',
  'EQ*30',
  'EQ*98',
];

/** A whole 270 interchange. */
export function x270(edit: (body: string[]) => string[] = (b) => b): string {
  return interchange('HS', '270', edit([...BODY_270]), '005010X279A1');
}

/** A 278 request body: an outpatient review of one physical therapy service (97110, 12 visits). */
export const BODY_278: readonly string[] = [
  'BHT*0007*13*101*20240305*1611',
  'HL*1**20*1',
  'NM1*X3*2*KEY INSURANCE UMO*****PI*999996666',
  'HL*2*1*21*1',
  'NM1*1P*1*KILDARE*BEN****XX*1999996666',
  'HL*3*2*22*1',
  'NM1*IL*1*SMITH*JANE****MI*JS00111223333',
  'DMG*D8*19730501*F',
  'HL*4*3*EV*1',
  'TRN*1*112233445X*9146111111',
  'UM*HS*I*AZ',
  'HI*ABK:M5450',
  'HL*5*4*SS*0',
  'UM*HS*3*PT',
  'DTP*472*RD8*20240310-20240430',
  'SV1*HC:97110*1200*UN*12',
  'HSD*VS*12',
];

/** A whole 278 interchange. */
export function x278(edit: (body: string[]) => string[] = (b) => b): string {
  return interchange('HI', '278', edit([...BODY_278]), '005010X217');
}
