/**
 * 270 / 271 Eligibility, Coverage or Benefit Inquiry / Information (005010X279A1): HL levels 20
 * (information source), 21 (receiver), 22 (subscriber), 23 (dependent); 2110 EQ inquiries and EB
 * benefits with 2115 III, LS / LE around 2120 benefit related entities. AAA rejections in the 271.
 * https://x12.org/products/technical-reports (TR3 005010X279A1)
 */
import { compileSpec, indent, type X12TransactionSpec } from '../spec.js';

const ENTITY_QUALIFIERS = '13|1I|1P|2B|36|71|72|73|74|75|76|7C|80|FA|GP|GW|I3|IL|LR|OC|P3|P4|P5|PR|PRP|SEP|TTP|VER|VN|VY|X3|Y2';

/** 2100C / 2100D member name of a 270 (`who` = IL or 03). */
const INQUIRY_MEMBER = (who: string, loop: string): string => `
+2100${loop} NM1[${who}] R 1 r=1,2
  REF[18|1L|1W|3H|6P|HJ|IG|N6|NQ|SY|Y4|EA|GH|HICN] S 9 r=1,2
  N3 S 1 r=1
  N4 S 1 r=1
  PRV S 1 r=1
  DMG S 1 r=1,2 c1=D8 c3=F|M|U d=2
  INS S 1
  HI S 1
  DTP[291|102|307|346|348|382|435|472|636|771] S 2 r=1,2,3
  +2110${loop} EQ S 99
    AMT[R|PB] S 2 r=1,2 n=2
    III S 10
    REF[9F|G1] S 1 r=1,2
    DTP[291|307|435|472] S 1 r=1,2,3`;

/** 2100C / 2100D member name of a 271. */
const BENEFIT_MEMBER = (who: string, loop: string): string => `
+2100${loop} NM1[${who}] R 1 r=1,2
  REF[18|1L|1W|3H|6P|HJ|IG|N6|NQ|SY|Y4|EA|GH|HICN|49|6P|F6|Q4] S 9 r=1,2
  N3 S 1 r=1
  N4 S 1 r=1
  AAA S 9 r=1,3,4 c1=N|Y
  PRV S 1 r=1
  DMG S 1 r=1,2 c1=D8 c3=F|M|U d=2
  INS S 1
  HI S 1
  DTP[102|152|291|307|318|340|341|342|343|346|347|348|349|356|357|382|435|442|458|472|539|540|636|771] S 9 r=1,2,3
  MPI S 9
  +2110${loop} EB S >1 r=1
    HSD S 9
    REF[18|1L|1W|49|6P|9F|ALS|CLI|F8|FO|G1|IG|M7|N6|NQ|Q4] S 9 r=1,2
    DTP[193|194|198|290|291|292|295|304|307|318|346|347|348|349|356|357|435|472|636|771] S 20 r=1,2,3
    AAA S 9 r=1,3,4 c1=N|Y
    MSG S 10 r=1
    +2115${loop} III S 10
    LS S 1 r=1
    +2120${loop} NM1[${ENTITY_QUALIFIERS}] S 23 r=1,2
      N3 S 1 r=1
      N4 S 1 r=1
      PER S 3 r=1
      PRV S 1 r=1
    LE S 1 r=1`;

function hierarchy(bht: string, source: string, member: (who: string, loop: string) => string, trn: string): string {
  return `
${bht}
+2000A HL[3=20] R >1 r=1,3,4
  AAA S 9 r=1,3,4
  +2100A NM1[2B|36|GP|P5|PR] R 1 r=1,2,3
${indent(source, 4)}
  +2000B HL[3=21] S >1 r=1,2,3,4
    AAA S 9 r=1,3,4
    +2100B NM1[1P|2B|36|80|FA|GP|P5|PR] R 1 r=1,2
      REF[0B|1C|1D|1J|4A|CT|EL|EO|HPI|JD|N5|N7|Q4|SY|TJ] S 9 r=1,2
      N3 S 1 r=1
      N4 S 1 r=1
      AAA S 9 r=1,3,4
      PRV S 1 r=1
    +2000C HL[3=22] S >1 r=1,2,3,4
      TRN[${trn}] S 3 r=1,2,3
${indent(member('IL', 'C'), 6)}
      +2000D HL[3=23] S >1 r=1,2,3,4 c4=0
        TRN[${trn}] S 3 r=1,2,3
${indent(member('03', 'D'), 8)}
`;
}

/** 270 005010X279A1. */
export const SPEC_270: X12TransactionSpec = compileSpec('270', '270', '005010X279', hierarchy(
  'BHT R 1 r=1,2,4,5 c1=0022 c2=01|13|36 d=4', '', INQUIRY_MEMBER, '1'));

/** 271 005010X279A1. */
export const SPEC_271: X12TransactionSpec = compileSpec('271', '271', '005010X279', hierarchy(
  'BHT R 1 r=1,2,4,5 c1=0022 c2=06|11 d=4', `
PER[IC] S 3 r=1
AAA S 9 r=1,3,4 c1=N|Y`, BENEFIT_MEMBER, '1|2'));
