/**
 * 834 Benefit Enrollment and Maintenance (005010X220A1): BGN, 1000A sponsor, 1000B payer,
 * 1000C broker / TPA, 2000 member (INS maintenance), 2100x member names, 2200 disability,
 * 2300 health coverage (HD), 2310 provider, 2320 / 2330 coordination of benefits.
 * https://x12.org/products/technical-reports (TR3 005010X220A1)
 */
import { compileSpec, type X12TransactionSpec } from '../spec.js';

/** 834 005010X220A1. */
export const SPEC_834: X12TransactionSpec = compileSpec('834', '834', '005010X220', `
BGN R 1 r=1,2,3,4,8 c1=00|15|22 c8=2|4|RX d=3
REF[38] S 1 r=1,2
DTP[007|090|091|303|382|388] S >1 r=1,2,3
QTY[DT|ET|TO] S 3 r=1,2
+1000A N1[P5] R 1 r=1,3,4
+1000B N1[IN] R 1 r=1,3,4
+1000C N1[BO|TV] S 2 r=1,3,4
  ACT S 1 r=1
+2000 INS R >1 r=1,2,3,5 c1=N|Y c3=001|021|024|025|030|032 c8=AC|AO|AU|FT|L1|PT|RT|TE
  REF[0F] R 1 r=1,2
  REF[1L] S 1 r=1,2
  REF[17|23|3H|4A|6O|ABB|D3|F6|P5|Q4|QQ|ZZ|DX] S 13 r=1,2
  DTP[050|286|296|297|300|301|303|336|337|338|339|340|341|350|351|356|357|383|385|386|393|394|473|474] S 24 r=1,2,3
  +2100A NM1[IL|74] R 1 r=1,2,3
    PER[IP] S 1 r=1
    N3 S 1 r=1
    N4 S 1 r=1
    DMG S 1 r=1,2 c1=D8 c3=F|M|U d=2
    EC S 1
    ICM S 1
    AMT S 7 r=1,2 n=2
    HLH S 1
    LUI S >1
  +2100B NM1[70] S 1 r=1,2
    DMG S 1 d=2
  +2100C NM1[31] S 1 r=1,2
    N3 R 1 r=1
    N4 R 1 r=1
  +2100D NM1[36] S 3 r=1,2
    PER S 1
    N3 S 1
    N4 S 1
  +2100E NM1[M8] S 3 r=1,2
  +2100F NM1[S3] S 1 r=1,2
    PER S 1
    N3 S 1
    N4 S 1
  +2100G NM1[6Y|9K|E1|EI|EXS|GB|GD|J6|LR|QD|S1|TZ|X4] S 13 r=1,2
    PER S 1
    N3 S 1
    N4 S 1
  +2100H NM1[45] S 1 r=1,2
    N3 S 1
    N4 S 1
  +2200 DSB S 1
    DTP[360|361] S 2
  +2300 HD S 99 r=1 c1=001|002|021|024|025|026|030|032
    DTP[300|303|343|348|349|543|695] R 6 r=1,2,3
    AMT[B9|C1|D2|EBA|FK|P3|R] S 9 r=1,2 n=2
    REF[17|1L|9V|CE|E8|M7|PID|RB|X9|XM|XX1|XX2|ZX|ZZ] S 14 r=1,2
    REF[QQ] S 1 r=1,2
    IDC S 3
    +2310 LX S 30 r=1
      NM1[1X|3D|80|FA|OD|P3|QA|QN|Y2] R 1 r=1,2
      N3 S 2
      N4 S 1
      PER S 2
      PRV S 1
      DTP[348|349] S 2
      PLA S 1
    +2320 COB S 5 r=1,3 c1=P|S|T|U
      REF S 4 r=1,2
      DTP[344|345] S 2 r=1,2,3
      +2330 NM1[36|GW|IN] S 3 r=1,2
        N3 S 1
        N4 S 1
        PER S 1
`);
