/**
 * Small ADT fixture messages (one per supported trigger) for the golden-bundle and apply tests. Minimal
 * segments; the fields that matter: MSH-7 / MSH-9 / MSH-10, EVN-2, PID-3 (MRN 123 of HOSP), PID-5 / 7 /
 * 8, PV1-2 / 3 / 7 / 19 (visit V100) / 44 / 45, MRG-1 for A40 / A47, IAM-3 / 6 / 7 for A60.
 */

const seg = (...lines: string[]): string => lines.join('\r');

const msh = (event: string, id: string, time = '20240115103000-0500'): string =>
  `MSH|^~\\&|ADT1|HOSP|GW|LYFE|${time}||ADT^${event}^ADT_${event}|${id}|P|2.5.1`;
const evn = (event: string, time = '20240115102900-0500'): string => `EVN|${event}|${time}`;
const PID = 'PID|1||123^^^HOSP^MR||DOE^JANE^Q||19800101|F|||1 MAIN ST^^SPRINGFIELD^IL^62701^USA^H||^PRN^PH^^1^217^5551234';
/** PV1 with fields 1, 2, 3, 7, 10, 19, 44 (and 45 via `extra`). */
const PV1 = (klass: string, extra = ''): string => {
  const f: string[] = Array.from({ length: 45 }, () => '');
  f[1] = '1';
  f[2] = klass;
  f[3] = 'ICU^101^A^HOSP';
  f[7] = '1234^SMITH^JOHN^^^DR^^^NPI';
  f[10] = 'MED';
  f[19] = 'V100^^^HOSP^VN';
  f[44] = '20240115100000-0500';
  return `PV1${f.slice(1).map((x) => `|${x}`).join('')}${extra}`;
};

/** Trigger → ER7 text (segments separated by CR). */
export const ADT_FIXTURES: Readonly<Record<string, string>> = {
  A01: seg(msh('A01', 'M01'), evn('A01'), PID, 'NK1|1|DOE^JOHN|SPO^Spouse^HL70063||^PRN^PH^^1^217^5559876', PV1('I'), 'DG1|1||I10^Essential hypertension^I10||20240115|A', 'AL1|1|DA|70618^Penicillin^RXNORM|SV|Hives', `IN1|1|PLAN1^Gold Plan|INS1^^^PAYERS|Acme Health||||GRP9||||20240101|||||SEL^Self^HL70063${'|'.repeat(19)}POL555`),
  A02: seg(msh('A02', 'M02'), evn('A02'), PID, PV1('I').replace('ICU^101^A^HOSP||||', 'WARD^202^B^HOSP|||ICU^101^A^HOSP|')),
  A03: seg(msh('A03', 'M03'), evn('A03'), PID, `${PV1('I')}|20240120120000-0500`),
  A04: seg(msh('A04', 'M04'), evn('A04'), PID, PV1('O')),
  A05: seg(msh('A05', 'M05'), evn('A05'), PID, PV1('P').replace('|20240115100000-0500', ''), 'PV2||||||||20240201080000-0500'),
  A06: seg(msh('A06', 'M06'), evn('A06'), PID, PV1('I')),
  A07: seg(msh('A07', 'M07'), evn('A07'), PID, PV1('O')),
  A08: seg(msh('A08', 'M08'), evn('A08'), 'PID|1||123^^^HOSP^MR||DOE^JANE^R||19800101|F||||""', PV1('I')),
  A09: seg(msh('A09', 'M09'), evn('A09'), PID, PV1('I')),
  A10: seg(msh('A10', 'M10'), evn('A10'), PID, PV1('I')),
  A11: seg(msh('A11', 'M11'), evn('A11'), PID, PV1('I')),
  A12: seg(msh('A12', 'M12'), evn('A12'), PID, PV1('I').replace('ICU^101^A^HOSP||||', 'ICU^101^A^HOSP|||WARD^202^B^HOSP|')),
  A13: seg(msh('A13', 'M13'), evn('A13'), PID, PV1('I')),
  A28: seg(msh('A28', 'M28'), evn('A28'), PID, 'PV1|1|N'),
  A31: seg(msh('A31', 'M31'), evn('A31'), 'PID|1||123^^^HOSP^MR||||||||||^PRN^PH^^1^217^5550000', 'PV1|1|N'),
  A40: seg(msh('A40', 'M40'), evn('A40'), PID, 'MRG|999^^^HOSP^MR'),
  A47: seg(msh('A47', 'M47'), evn('A47'), 'PID|1||456^^^HOSP^MR||DOE^JANE', 'MRG|123^^^HOSP^MR'),
  A60: seg(msh('A60', 'M60'), evn('A60'), PID, 'IAM|1|DA^Drug allergy^HL70127|70618^Penicillin^RXNORM|SV^Severe^HL70128|Hives|A|ALG1^HOSP'),
};
