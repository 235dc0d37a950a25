/**
 * 278 Health Care Services Review, request and response (005010X217): HL levels 20 (UMO), 21
 * (requester), 22 (subscriber), 23 (dependent), EV (patient event) and SS (service); UM, HCR
 * decisions, service detail (SV1 / SV2 / SV3 / HSD). One spec reads both request and response
 * (BHT02 13 / 11); the response-only segments are situational. https://x12.org (TR3 005010X217)
 */
import { compileSpec, type X12TransactionSpec } from '../spec.js';

const PROVIDER_QUALIFIERS = '1T|71|72|73|77|AAJ|DD|DK|DN|FA|G3|P3|QB|QV|SJ|2B|45|FS|ND|PW|L5|3D|AV|1P|HH';
const MEMBER = `
  REF S 9 r=1,2
  N3 S 1 r=1
  N4 S 1 r=1
  AAA S 9 r=1,3,4 c1=N|Y
  DMG S 1 r=1,2 c1=D8 c3=F|M|U d=2
  INS S 1`;

/** 278 005010X217. */
export const SPEC_278: X12TransactionSpec = compileSpec('278', '278', '005010X217', `
BHT R 1 r=1,2,3,4 c1=0007 c2=01|11|13|18 d=4
+2000A HL[3=20] R 1 r=1,3,4
  AAA S 9 r=1,3,4
  +2010A NM1[FA|PR|X3|2B|36|FA] R 1 r=1,2
    REF S 3 r=1,2
    PER S 3 r=1
    AAA S 9 r=1,3,4
  +2000B HL[3=21] R 1 r=1,2,3,4
    AAA S 9 r=1,3,4
    +2010B NM1[1P|FA|2B|36|80|G3|P3|X3] R 1 r=1,2
      REF S 9 r=1,2
      N3 S 1 r=1
      N4 S 1 r=1
      PER S 1 r=1
      AAA S 9 r=1,3,4
      PRV S 1 r=1
    +2000C HL[3=22] R 1 r=1,2,3,4
      AAA S 9 r=1,3,4
      +2010C NM1[IL] R 1 r=1,2${MEMBER.replaceAll('\n  ', '\n        ')}
      +2000D HL[3=23] S 1 r=1,2,3,4
        AAA S 9 r=1,3,4
        +2010D NM1[QC] R 1 r=1,2${MEMBER.replaceAll('\n  ', '\n          ')}
      +2000E HL[3=EV] R 1 r=1,2,3,4
        TRN S 3 r=1,2,3
        AAA S 9 r=1,3,4
        UM R 1 r=1,2 c1=AR|HS|SC|IN
        HCR S 1 r=1 c1=A1|A3|A4|A6|C|CT|D|IP|NA
        REF S 9 r=1,2
        DTP[431|435|439|484|AAH|ABC|096|36|472] S 3 r=1,2,3
        HI S 1 r=1
        HSD S 1
        CRC S 6
        CL1 S 1
        CR1 S 1
        CR2 S 1
        CR4 S 1
        CR5 S 1
        CR6 S 1
        CR7 S 1
        CR8 S 1
        PWK S 10 r=1,2
        MSG S 1 r=1
        +2010EA NM1[${PROVIDER_QUALIFIERS}] S 12 r=1,2
          REF S 7 r=1,2
          N3 S 1 r=1
          N4 S 1 r=1
          PER S 1 r=1
          AAA S 9 r=1,3,4
          PRV S 1 r=1
        +2000F HL[3=SS] S >1 r=1,2,3,4
          TRN S 3 r=1,2,3
          AAA S 9 r=1,3,4
          UM S 1 r=1,2
          HCR S 1 r=1 c1=A1|A3|A4|A6|C|CT|D|IP|NA
          REF S 9 r=1,2
          DTP[472|996|AAH|ABC] S 2 r=1,2,3
          SV1 S 1 r=1
          SV2 S 1
          SV3 S 1
          TOO S 32
          HSD S 1
          PWK S 10 r=1,2
          MSG S 1 r=1
          +2010F NM1[${PROVIDER_QUALIFIERS}] S 12 r=1,2
            REF S 7 r=1,2
            N3 S 1 r=1
            N4 S 1 r=1
            PER S 1 r=1
            AAA S 9 r=1,3,4
            PRV S 1 r=1
`);
