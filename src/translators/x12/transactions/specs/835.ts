/**
 * 835 Health Care Claim Payment/Advice (005010X221A1): header BPR / TRN, 1000A payer, 1000B payee,
 * 2000 header number (LX, TS3, TS2), 2100 claim payment (CLP), 2110 service payment (SVC), PLB.
 * https://x12.org/products/technical-reports (TR3 005010X221A1)
 */
import { compileSpec, type X12TransactionSpec } from '../spec.js';

const CAS = 'CAS[CO|CR|OA|PI|PR] S 99 r=1,2,3 n=3,4,6,7,9,10,12,13,15,16,18,19';

/** 835 005010X221A1. */
export const SPEC_835: X12TransactionSpec = compileSpec('835', '835', '005010X221', `
BPR R 1 r=1,2,3,4,16 n=2 c1=C|D|H|I|P|U|X c3=C|D c4=ACH|BOP|CHK|FWT|NON d=16
TRN[1] R 1 r=1,2,3
CUR[PR] S 1 r=1,2
REF[EV] S 1 r=1,2
REF[F2] S 1 r=1,2
DTM[405] S 1 r=1,2 d=2
+1000A N1[PR] R 1 r=1,2
  N3 R 1 r=1
  N4 R 1 r=1
  REF[2U|EO|HI|NF] S 4 r=1,2
  PER[CX] S 1 r=1
  PER[BL] R >1 r=1
  PER[IC] S 1 r=1
+1000B N1[PE] R 1 r=1,2,3,4 c3=FI|XV|XX
  N3 S 1 r=1
  N4 S 1 r=1
  REF[0B|D3|PQ|TJ] S >1 r=1,2
  RDM S 1 r=1
+2000 LX S >1 r=1
  TS3 S 1 r=1,2,3,4,5 d=3
  TS2 S 1
  +2100 CLP R >1 r=1,2,3,4,6 n=3,4,5 c2=1|2|3|4|19|20|21|22|23|25
    ${CAS}
    NM1[QC] R 1 r=1,2
    NM1[IL] S 1 r=1,2
    NM1[74] S 1 r=1,2
    NM1[82] S 1 r=1,2
    NM1[TT] S 1 r=1,2
    NM1[PR] S 1 r=1,2
    NM1[GB] S 1 r=1,2
    MIA S 1 r=1
    MOA S 1
    REF[1L|1W|28|6P|9A|9C|BB|CE|EA|F8|G1|G3|IG|SY] S 5 r=1,2
    REF[0B|1A|1B|1C|1D|1G|1H|1J|D3|G2|LU] S 10 r=1,2
    DTM[232|233] S 2 r=1,2 d=2
    DTM[036|050] S 2 r=1,2 d=2
    PER[CX] S 2 r=1
    AMT[AU|D8|DY|F5|I|NL|T|T2|ZK|ZL|ZM|ZN|ZO] S 13 r=1,2 n=2
    QTY[CA|CD|LA|LE|NE|NR|OU|PS|VS|ZK|ZL|ZM|ZN|ZO] S 14 r=1,2
    +2110 SVC S 999 r=1,2 n=2,3 c1.1=AD|ER|HC|HP|IV|N4|N6|NU|UI|WK
      DTM[472|150|151] S 2 r=1,2 d=2
      ${CAS}
      REF[1S|APC|BB|E9|G1|G3|LU|RB] S 8 r=1,2
      REF[6R] S 1 r=1,2
      REF[0B|1A|1B|1C|1D|1G|1H|1J|D3|G2|HPI|SY|TJ] S 10 r=1,2
      AMT[B6|KH|T|T2|ZK|ZL|ZM|ZN|ZO] S 9 r=1,2 n=2
      QTY[ZK|ZL|ZM|ZN|ZO] S 6 r=1,2
      LQ[HE|RX] S 99 r=1,2
PLB S >1 r=1,2,3,4 n=4,6,8,10,12,14 d=2
`);
