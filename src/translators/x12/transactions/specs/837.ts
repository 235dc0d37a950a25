/**
 * 837 Health Care Claim loop specs: Professional (005010X222A1), Institutional (005010X223A2) and
 * Dental (005010X224A2). One shared skeleton (1000A/B submitter / receiver, 2000A billing provider,
 * 2000B subscriber, 2000C patient, 2300 claim, 2310x claim providers, 2320/2330x other payers,
 * 2400 service line, 2410 drug, 2420x line providers, 2430 line adjudication); the claim and line
 * segments differ per type. https://x12.org/products/technical-reports (TR3 X222A1, X223A2, X224A2)
 */
import { compileSpec, indent, type X12TransactionSpec } from '../spec.js';

const DTP_CLAIM = 'DTP[431|454|304|453|439|484|455|471|314|360|361|297|296|435|096|090|091|444|050|011|573|434|472|441|452|330|938|139] S >1 r=1,2,3';
const REF_CLAIM = 'REF[4N|F5|EW|9F|G1|F8|X4|9A|9C|LX|D9|EA|P4|1J|LU|G4|T4|IG|ZZ] S >1 r=1,2';

/** 2320 other subscriber and 2330x other payer loops (same in the three guides). */
const COB = `
+2320 SBR[P|S|T|A|B|C|D|E|F|G|H|U] S 10 r=1,2,9 c1=A|B|C|D|E|F|G|H|P|S|T|U
  CAS[CO|CR|OA|PI|PR] S 5 r=1,2,3 n=3,4,6,7
  AMT[D] S 1 r=1,2 n=2
  AMT[A8] S 1 r=1,2 n=2
  AMT[EAF] S 1 r=1,2 n=2
  OI R 1 r=3,6 c3=N|W|Y c6=I|N|Y|W
  MIA S 1
  MOA S 1
  +2330A NM1[IL] R 1 r=1,2,3,8,9
    N3 S 1 r=1
    N4 S 1 r=1
    REF[SY] S 1 r=1,2
  +2330B NM1[PR] R 1 r=1,2,3,8,9
    N3 S 1 r=1
    N4 S 1 r=1
    DTP[573] S 1 r=1,2,3
    REF[2U|EI|FY|NF|G1|9F|T4|F8|G3] S >1 r=1,2
  +2330C NM1[DN|P3|71] S 2 r=1,2
    REF[0B|1G|G2|LU] S 3 r=1,2
  +2330D NM1[82|72|DD] S 2 r=1,2
    REF[0B|1G|G2|LU] S 3 r=1,2
  +2330E NM1[77|ZZ] S 1 r=1,2
    REF[0B|G2|LU] S 3 r=1,2
  +2330F NM1[DQ|DN] S 1 r=1,2
    REF[0B|1G|G2] S 3 r=1,2
  +2330G NM1[85] S 1 r=1,2
    REF[G2|LU] S 2 r=1,2
  +2330H NM1[ZZ] S 1 r=1,2
    REF[0B|G2|LU] S 3 r=1,2
  +2330I NM1[85] S 1 r=1,2
    REF[G2|LU] S 2 r=1,2`;

/** 2430 line adjudication (all three guides). */
const LINE_ADJUDICATION = `
+2430 SVD S 15 r=1,2,3,5 n=2,5
  CAS[CO|CR|OA|PI|PR] S 5 r=1,2,3 n=3,4,6,7
  DTP[573] R 1 r=1,2,3
  AMT[EAF] S 1 r=1,2 n=2`;

const DRUG = `
+2410 LIN S 1 r=2,3 c2=N4
  CTP R 1 r=4,5 c5.1=F2|GR|ME|ML|UN n=4
  REF[VY|XZ] S 1 r=1,2`;

const PROFESSIONAL_CLAIM = `
+2300 CLM R 100 r=1,2,5,6,7,8,9 n=2 c5.2=B c5.3=1|6|7|8 c6=N|Y c7=A|B|C c8=N|W|Y c9=I|Y
  ${DTP_CLAIM}
  PWK S 10 r=1,2
  CN1 S 1 r=1
  AMT[F5] S 1 r=1,2 n=2
  ${REF_CLAIM}
  K3 S 10 r=1
  NTE S 1 r=1,2
  CR1 S 1
  CR2 S 1
  CRC[07|E1|E2|E3|75|ZZ] S 8 r=1,2,3
  HI S 4 r=1 c1.1=ABK|BK|ABF|BF|BP|BG|ABN|BN|APR|PR
  HCP S 1 r=1
  +2310A NM1[DN|P3] S 2 r=1,2,3
    REF[0B|1G|G2] S 3 r=1,2
  +2310B NM1[82] S 1 r=1,2,3
    PRV[PE] S 1 r=1,2,3
    REF[0B|1G|G2|LU] S 4 r=1,2
  +2310C NM1[77] S 1 r=1,2,3
    N3 R 1 r=1
    N4 R 1 r=1
    REF[G2|LU] S 3 r=1,2
    PER[IC] S 1 r=1
  +2310D NM1[DQ] S 1 r=1,2,3
    REF[0B|1G|G2] S 3 r=1,2
  +2310E NM1[PW] S 1 r=1,2
    N3 R 1 r=1
    N4 R 1 r=1
  +2310F NM1[45] S 1 r=1,2
    N3 R 1 r=1
    N4 R 1 r=1
${indent(COB, 2)}
  +2400 LX R 50 r=1
    SV1 R 1 r=1,2,3,4 n=2,4 c1.1=ER|HC|IV|WK c3=MJ|UN
    SV5 S 1
    PWK S 10 r=1,2
    CR1 S 1
    CR3 S 1
    CRC[07|70|09|11|ZZ] S 3
    DTP[472|471|607|463|461|304|738|739|011|455|454|441|296] S >1 r=1,2,3
    QTY[PT|FL] S 2 r=1,2
    MEA[OG|TR] S 5 r=1,2
    CN1 S 1 r=1
    REF[9B|9D|G1|6R|EW|X4|F4|BT|9F|1S|APC|0B|LU|9C|BB|TP] S >1 r=1,2
    AMT[T|F4|GT|N8] S 2 r=1,2 n=2
    K3 S 10 r=1
    NTE[ADD|DCP|TPO] S 2 r=1,2
    PS1 S 1
    HCP S 1
${indent(DRUG, 4)}
    +2420A NM1[82] S 1 r=1,2,3
      PRV[PE] S 1
      REF[0B|1G|G2|LU] S 20 r=1,2
    +2420B NM1[QB] S 1 r=1,2
      REF[0B|1G|G2] S 20 r=1,2
    +2420C NM1[77] S 1 r=1,2
      N3 R 1 r=1
      N4 R 1 r=1
      REF[0B|G2|LU] S 3 r=1,2
    +2420D NM1[DQ] S 1 r=1,2,3
      REF[0B|1G|G2] S 20 r=1,2
    +2420E NM1[DK] S 1 r=1,2,3
      N3 S 1 r=1
      N4 S 1 r=1
      REF[0B|1G|G2] S 20 r=1,2
      PER[IC] S 1 r=1
    +2420F NM1[DN|P3] S 2 r=1,2,3
      REF[0B|1G|G2] S 20 r=1,2
    +2420G NM1[PW] S 1 r=1,2
      N3 R 1 r=1
      N4 R 1 r=1
    +2420H NM1[45] S 1 r=1,2
      N3 R 1 r=1
      N4 R 1 r=1
${indent(LINE_ADJUDICATION, 4)}
    +2440 LQ S >1 r=1,2
      FRM R 99 r=1`;

const INSTITUTIONAL_CLAIM = `
+2300 CLM R 100 r=1,2,5,7,8,9 n=2 c5.2=A c5.3=0|1|2|3|4|5|6|7|8|9|A|B|C|D|E|F|G|H|I|J|K|M|N|O|P|Q|X|Y|Z c7=A|B|C c8=N|W|Y c9=I|Y
  ${DTP_CLAIM}
  CL1 R 1
  PWK S 10 r=1,2
  CN1 S 1 r=1
  AMT[F3] S 1 r=1,2 n=2
  ${REF_CLAIM}
  K3 S 10 r=1
  NTE S 10 r=1,2
  CR6 S 1
  CRC[75|ZZ] S 8 r=1,2,3
  HI S 25 r=1 c1.1=ABK|BK|ABJ|BJ|APR|PR|ABN|BN|ABF|BF|BR|CAH|BBR|BP|BBQ|BQ|BI|BH|BE|BG|TC
  HCP S 1 r=1
  +2310A NM1[71] S 1 r=1,2,3
    PRV[AT] S 1
    REF[0B|1G|G2|LU] S 4 r=1,2
  +2310B NM1[72] S 1 r=1,2,3
    REF[0B|1G|G2|LU] S 4 r=1,2
  +2310C NM1[ZZ] S 1 r=1,2,3
    REF[0B|1G|G2|LU] S 4 r=1,2
  +2310D NM1[82] S 1 r=1,2,3
    REF[0B|1G|G2|LU] S 4 r=1,2
  +2310E NM1[77] S 1 r=1,2,3
    N3 R 1 r=1
    N4 R 1 r=1
    REF[0B|G2|LU] S 3 r=1,2
  +2310F NM1[DN] S 1 r=1,2,3
    REF[0B|1G|G2] S 3 r=1,2
${indent(COB, 2)}
  +2400 LX R 999 r=1
    SV2 R 1 r=1,3 n=3,5 c4=DA|UN
    PWK S 10 r=1,2
    DTP[472] S 1 r=1,2,3
    REF[6R|EW|X4|9B|9D|G1] S >1 r=1,2
    AMT[GT|N8] S 2 r=1,2 n=2
    NTE[TPO] S 1 r=1,2
    HCP S 1
${indent(DRUG, 4)}
    +2420A NM1[72] S 1 r=1,2,3
      REF[0B|1G|G2|LU] S 20 r=1,2
    +2420B NM1[ZZ] S 1 r=1,2,3
      REF[0B|1G|G2|LU] S 20 r=1,2
    +2420C NM1[82] S 1 r=1,2,3
      REF[0B|1G|G2|LU] S 20 r=1,2
    +2420D NM1[DN] S 1 r=1,2,3
      REF[0B|1G|G2] S 20 r=1,2
${indent(LINE_ADJUDICATION, 4)}`;

const DENTAL_CLAIM = `
+2300 CLM R 100 r=1,2,5,6,7,8,9 n=2 c5.2=B c5.3=1|7|8 c6=N|Y c7=A|B|C c8=N|W|Y c9=I|Y
  ${DTP_CLAIM}
  DN1 S 1
  DN2 S 35 r=1,2
  PWK S 10 r=1,2
  CN1 S 1 r=1
  AMT[F5] S 1 r=1,2 n=2
  ${REF_CLAIM}
  K3 S 10 r=1
  NTE S 1 r=1,2
  HI S 2 r=1 c1.1=ABK|BK|ABF|BF
  HCP S 1 r=1
  +2310A NM1[DN|P3] S 2 r=1,2,3
    PRV[RF] S 1
    REF[0B|1G|G2] S 3 r=1,2
  +2310B NM1[82] S 1 r=1,2,3
    PRV[PE] S 1
    REF[0B|1G|G2|LU] S 4 r=1,2
  +2310C NM1[77] S 1 r=1,2
    N3 R 1 r=1
    N4 R 1 r=1
    REF[G2|LU] S 3 r=1,2
  +2310D NM1[DD] S 1 r=1,2,3
    PRV[AS] S 1
    REF[0B|1G|G2|LU] S 4 r=1,2
${indent(COB, 2)}
  +2400 LX R 50 r=1
    SV3 R 1 r=1,2 n=2 c1.1=AD
    TOO S 32 r=1,2 c1=JP
    DTP[472|441|452|446|196|198] S >1 r=1,2,3
    QTY[PT] S 5 r=1,2
    REF[G3|9B|9D|6R|G1|9F] S >1 r=1,2
    AMT[T|GT] S 2 r=1,2 n=2
    NTE[TPO] S 1 r=1,2
    HCP S 1
    +2420A NM1[82] S 1 r=1,2,3
      PRV[PE] S 1
      REF[0B|1G|G2|LU] S 20 r=1,2
    +2420B NM1[DD] S 1 r=1,2,3
      PRV[AS] S 1
      REF[0B|1G|G2|LU] S 20 r=1,2
    +2420C NM1[DK] S 1 r=1,2,3
      N3 R 1 r=1
      N4 R 1 r=1
      REF[0B|G2|LU] S 3 r=1,2
    +2420D NM1[77] S 1 r=1,2
      N3 R 1 r=1
      N4 R 1 r=1
      REF[G2|LU] S 3 r=1,2
${indent(LINE_ADJUDICATION, 4)}`;

/** The 837 skeleton around a guide's claim loop. */
function skeleton(claim: string): string {
  return `
BHT R 1 r=1,2,3,4,5,6 c1=0019 c2=00|18 c6=31|CH|RP d=4
+1000A NM1[41] R 1 r=1,2,3,8,9 c2=1|2
  PER[IC] R 2 r=1
+1000B NM1[40] R 1 r=1,2,3,8,9
+2000A HL[3=20] R >1 r=1,3,4 c4=0|1
  PRV[BI] S 1 r=1,2,3
  CUR[85] S 1 r=1,2
  +2010AA NM1[85] R 1 r=1,2,3,8,9 c2=1|2 c8=XX
    N3 R 1 r=1
    N4 R 1 r=1
    REF[EI|SY] R 1 r=1,2
    REF[0B|1G|G2|LU] S 2 r=1,2
    PER[IC] S 2 r=1
  +2010AB NM1[87] S 1 r=1,2
    N3 R 1 r=1
    N4 R 1 r=1
  +2010AC NM1[PE] S 1 r=1,2,3
    N3 S 1 r=1
    N4 S 1 r=1
    REF[2U|FY|NF] S 2 r=1,2
    REF[EI] S 1 r=1,2
  +2000B HL[3=22] R >1 r=1,2,3,4 c4=0|1
    SBR R 1 r=1 c1=A|B|C|D|E|F|G|H|P|S|T|U
    PAT S 1
    +2010BA NM1[IL] R 1 r=1,2,3 c2=1|2
      N3 S 1 r=1
      N4 S 1 r=1
      DMG S 1 r=1,2,3 c1=D8 c3=F|M|U d=2
      REF[SY|Y4] S 2 r=1,2
      PER[IC] S 1 r=1
    +2010BB NM1[PR] R 1 r=1,2,3,8,9 c8=PI|XV
      N3 S 1 r=1
      N4 S 1 r=1
      REF[2U|EI|FY|NF|G2|LU] S 5 r=1,2
${indent(claim.replace('+2300 CLM R', '+2300 CLM S'), 4)}
    +2000C HL[3=23] S >1 r=1,2,3,4 c4=0
      PAT R 1 r=1 c1=01|19|20|21|39|40|53|G8
      +2010CA NM1[QC] R 1 r=1,2,3
        N3 R 1 r=1
        N4 R 1 r=1
        DMG R 1 r=1,2,3 c1=D8 c3=F|M|U d=2
        REF[Y4|1W|SY] S 2 r=1,2
        PER[IC] S 1 r=1
${indent(claim, 6)}
`;
}

/** 837P 005010X222A1. */
export const SPEC_837P: X12TransactionSpec = compileSpec('837P', '837', '005010X222', skeleton(PROFESSIONAL_CLAIM));
/** 837I 005010X223A2. */
export const SPEC_837I: X12TransactionSpec = compileSpec('837I', '837', '005010X223', skeleton(INSTITUTIONAL_CLAIM));
/** 837D 005010X224A2. */
export const SPEC_837D: X12TransactionSpec = compileSpec('837D', '837', '005010X224', skeleton(DENTAL_CLAIM));
