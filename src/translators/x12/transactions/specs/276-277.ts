/**
 * 276 / 277 Health Care Claim Status Request and Response (005010X212) and 277CA Claim Acknowledgment
 * (005010X214): HL levels 20 (payer), 21 (information receiver / submitter), 19 (service provider),
 * 22 (subscriber), 23 (dependent) or PT (277CA patient); 2200x TRN claim status tracking with STC,
 * 2210 / 2220 service lines. https://x12.org/products/technical-reports (TR3 X212, X214)
 */
import { compileSpec, indent, type X12TransactionSpec } from '../spec.js';

const REF_CLAIM = 'REF[1K|BLT|EJ|LU|XZ|D9|EA|1L|9F|IK|FJ|BLT|6P|EV] S 5 r=1,2';

/** 2200 tracking + 2210 / 2220 service line loops of a 276 (request) or 277 (response). */
const claim = (loop: string, response: boolean, line: string): string => `
+2200${loop} TRN ${loop === 'D' ? 'S' : 'R'} >1 r=1,2
${response ? '  STC R >1 r=1,2 d=2\n' : ''}  ${REF_CLAIM}
  AMT[T3] S 1 r=1,2 n=2
  DTP[472|232] S 1 r=1,2,3
  +${line} SVC S >1 r=1,2 n=2,3
${response ? '    STC R >1 r=1,2 d=2\n' : ''}    REF[FJ] S 1 r=1,2
    DTP[472] S 1 r=1,2,3`;

/** 2200B / 2200C status of the information receiver / provider (277 only). */
const PROVIDER_STATUS = (loop: string, spaces: number): string => indent(`
+2200${loop} TRN S 1 r=1,2
  STC R >1 r=1,2 d=2
  REF S 3 r=1,2
  QTY S 2 r=1,2
  AMT S 2 r=1,2 n=2`, spaces).trimEnd();

function statusHierarchy(bht: string, response: boolean): string {
  const line = (l: string): string => (response ? `22${l}` : `21${l}`);
  return `
${bht}
+2000A HL[3=20] R >1 r=1,3,4
  +2100A NM1[PR] R 1 r=1,2,3,8,9
    PER S 3 r=1
  +2000B HL[3=21] R >1 r=1,2,3,4
    +2100B NM1[41] R 1 r=1,2,3${response ? PROVIDER_STATUS('B', 6) : ''}
    +2000C HL[3=19] R >1 r=1,2,3,4
      +2100C NM1[1P] R 1 r=1,2${response ? PROVIDER_STATUS('C', 8) : ''}
      +2000D HL[3=22] S >1 r=1,2,3
        DMG S 1 r=1,2 c1=D8 c3=F|M|U d=2
        +2100D NM1[IL] R 1 r=1,2,3
${indent(claim('D', response, line('0D')), 8)}
        +2000E HL[3=23] S >1 r=1,2,3
          DMG S 1 r=1,2 c1=D8 c3=F|M|U d=2
          +2100E NM1[QC] R 1 r=1,2,3
${indent(claim('E', response, line('0E')), 10)}
`;
}

/** 276 005010X212. */
export const SPEC_276: X12TransactionSpec = compileSpec('276', '276', '005010X212', statusHierarchy('BHT R 1 r=1,2,4 c1=0010 c2=13 d=4', false));

/** 277 005010X212. */
export const SPEC_277: X12TransactionSpec = compileSpec('277', '277', '005010X212', statusHierarchy('BHT R 1 r=1,2,4 c1=0010 c2=08 d=4', true));

/** 277CA 005010X214. */
export const SPEC_277CA: X12TransactionSpec = compileSpec('277CA', '277', '005010X214', `
BHT R 1 r=1,2,3,4,6 c1=0085 c2=08 c6=TH d=4
+2000A HL[3=20] R >1 r=1,3,4
  +2100A NM1[AY|PR] R 1 r=1,2,3
    +2200A TRN R 1 r=1,2
      DTP[050] R 1 r=1,2,3
      DTP[009] R 1 r=1,2,3
  +2000B HL[3=21] R >1 r=1,2,3,4
    +2100B NM1[41] R 1 r=1,2,3
      +2200B TRN S 1 r=1,2
        STC S >1 r=1,2 d=2
        QTY[90|AA] S 2 r=1,2
        AMT[YU|YY] S 2 r=1,2 n=2
    +2000C HL[3=19] S >1 r=1,2,3,4
      +2100C NM1[85] R 1 r=1,2,3
        +2200C TRN S 1 r=1,2
          STC S >1 r=1,2 d=2
          REF[TJ|1J] S 2 r=1,2
          QTY[QA|QC] S 2 r=1,2
          AMT[YU|YY] S 2 r=1,2 n=2
      +2000D HL[3=PT] R >1 r=1,2,3
        +2100D NM1[QC] R 1 r=1,2,3
          +2200D TRN R 1 r=1,2
            STC R >1 r=1,2 d=2
            REF[1K|D9|BLT|EA|EJ|XZ|VV|LU] S 5 r=1,2
            DTP[472] S 1 r=1,2,3
            +2220D SVC S >1 r=1,2 n=2,3
              STC R >1 r=1,2 d=2
              REF[FJ] S 1 r=1,2
              DTP[472] S 1 r=1,2,3
`);
