/**
 * Small fixture messages for the order / result / pharmacy / scheduling / document / financial golden
 * bundles (one per supported message type). Minimal segments; the fields that matter are named per
 * fixture. Common: PID-3 MRN 123 of HOSP, PV1-19 visit V100.
 */

const seg = (...lines: string[]): string => lines.join('\r');
/** A segment from field number → value (the rest empty), so positions are explicit. */
const f = (name: string, fields: Readonly<Record<number, string>>): string => {
  const last = Math.max(...Object.keys(fields).map(Number));
  return [name, ...Array.from({ length: last }, (_, i) => fields[i + 1] ?? '')].join('|');
};
const msh = (type: string, id: string): string => `MSH|^~\\&|LAB|HOSP|GW|LYFE|20240301120000-0500||${type}|${id}|P|2.5.1`;
const PID = 'PID|1||123^^^HOSP^MR||DOE^JANE||19800101|F';
const PV1 = f('PV1', { 1: '1', 2: 'O', 3: 'CLINIC^1^A^HOSP', 19: 'V100^^^HOSP^VN' });

/** Message type → ER7 text (segments separated by CR). */
export const ORDER_FIXTURES: Readonly<Record<string, string>> = {
  // Patient-level OBX; ORC-2/3 placer/filler, OBR-4/7/25, OBX NM+UCUM+range+flag, SN, CWE, ST with NTE, SPM with collection time.
  'oru-r01': seg(msh('ORU^R01^ORU_R01', 'R1'), PID, 'OBX|1|NM|8302-2^Body height^LN||170|cm^^UCUM|||||F', PV1,
    'ORC|RE|P100^ORDERS|F200^LAB||CM||||20240301080000-0500|||1234^SMITH^JOHN^^^DR^^^NPI',
    f('OBR', { 1: '1', 2: 'P100^ORDERS', 3: 'F200^LAB', 4: '24331-1^Lipid panel^LN', 7: '20240301073000-0500', 22: '20240301110000-0500', 24: 'CH', 25: 'F' }),
    'OBX|1|NM|2093-3^Cholesterol^LN||210|mg/dL^^UCUM|<200|H|||F|||20240301073000-0500',
    'OBX|2|SN|2571-8^Triglyceride^LN||<^150|mg/dL^^UCUM||N|||F',
    'OBX|3|CWE|5196-1^HBsAg^LN||260385009^Negative^SCT||||||F',
    'OBX|4|ST|8251-1^Comment^LN||fasting specimen||||||F', 'NTE|1|L|patient fasted 12 h',
    'SPM|1|S300&LAB||119297000^Blood specimen^SCT|||||||||||||20240301073000-0500|20240301090000-0500'),
  // SPM before OBR, OBR before ORC (OUL_R22 order), OBX TX.
  'oul-r22': seg(msh('OUL^R22^OUL_R22', 'U1'), PID,
    'SPM|1|S400&LAB||119297000^Blood specimen^SCT',
    f('OBR', { 1: '1', 2: 'P110^ORDERS', 3: 'F210^LAB', 4: '58410-2^CBC panel^LN', 7: '20240301073000-0500', 25: 'F' }),
    'ORC|SC|P110^ORDERS|F210^LAB||CM',
    'OBX|1|TX|18314-5^Morphology^LN||normal red cells~no blasts seen||||||F'),
  // ORC-1 NW, ORC-5 SC, TQ1 priority/start, NTE on the order, AOE OBX.
  'orm-o01': seg(msh('ORM^O01^ORM_O01', 'O1'), PID, PV1,
    'ORC|NW|P120^ORDERS||G5^ORDERS|SC||||20240301080000-0500|||1234^SMITH^JOHN^^^DR^^^NPI',
    f('OBR', { 1: '1', 2: 'P120^ORDERS', 4: '24331-1^Lipid panel^LN', 7: '20240302080000-0500', 16: '1234^SMITH^JOHN^^^DR^^^NPI', 31: 'I10^Essential hypertension^I10' }),
    f('TQ1', { 1: '1', 7: '20240302080000-0500', 9: 'S^Stat^HL70485' }),
    'NTE|1|P|fasting required',
    'OBX|1|NM|29463-7^Body weight^LN||72.5|kg^^UCUM|||||F'),
  // OML with SPM (specimen) linked to the ServiceRequest; ORC-1 CA (cancel).
  'oml-o21': seg(msh('OML^O21^OML_O21', 'L1'), PID,
    'ORC|CA|P130^ORDERS||||||20240301080000-0500',
    'OBR|1|P130^ORDERS||58410-2^CBC panel^LN',
    'SPM|1|S500&ORDERS||119297000^Blood specimen^SCT|||||||||||||20240301073000-0500'),
  // RXA with CVX, dose, lot, expiry, MVX, RXR route/site, OBX VIS date under the order.
  'vxu-v04': seg(msh('VXU^V04^VXU_V04', 'V1'), PID,
    'ORC|RE||IZ900^REGISTRY|||||||||5678^JONES^ANN^^^^^^NPI',
    f('RXA', { 1: '0', 2: '1', 3: '20240215103000-0500', 4: '20240215103000-0500', 5: '08^Hep B, adolescent or pediatric^CVX', 6: '0.5', 7: 'mL^^UCUM', 9: '00^New immunization record^NIP001', 10: '9999^NURSE^NANCY^^^^^^NPI', 15: 'LOT42', 16: '20251231', 17: 'MSD^Merck and Co^MVX', 20: 'CP', 21: 'A' }),
    'RXR|C28161^Intramuscular^NCIT|LA^Left arm^HL70163',
    'OBX|1|DT|29769-7^VIS presented^LN|1|20240215||||||F'),
  // SCH ids, duration, SCH-11 start/end, SCH-25 status; AIS service; AIL location; AIP personnel; NTE comment.
  'siu-s12': seg(msh('SIU^S12^SIU_S12', 'S1'),
    f('SCH', { 1: 'A100^CLINIC', 2: 'B200^SCHED', 7: 'ROUTINE^Routine^HL70276', 8: 'FOLLOWUP^Follow-up^HL70277', 9: '30', 10: 'min', 11: '^^^20240310090000-0500^20240310093000-0500', 12: '1234^SMITH^JOHN^^^DR^^^NPI', 25: 'Booked' }),
    'NTE|1||bring medication list', PID, 'RGS|1',
    'AIS|1||99213^Office visit^C4|20240310090000-0500|||30|min',
    'AIL|1||CLINIC^1^A^HOSP',
    'AIP|1||1234^SMITH^JOHN^^^DR^^^NPI|ATND^Attending^L'),
  // S15 cancellation of the same appointment (SCH-25 absent → cancelled by trigger).
  'siu-s15': seg(msh('SIU^S15^SIU_S15', 'S2'),
    f('SCH', { 1: 'A100^CLINIC', 2: 'B200^SCHED', 9: '30', 10: 'min', 11: '^^^20240310090000-0500^20240310093000-0500' }), PID, 'RGS|1'),
  // TXA type, dates, author, unique document number, completion status; OBX TX lines → document body.
  'mdm-t02': seg(msh('MDM^T02^MDM_T02', 'D1'), 'EVN|T02|20240301120000-0500', PID, PV1,
    f('TXA', { 1: '1', 2: 'DS^Discharge summary^HL70270', 3: 'TX', 4: '20240301100000-0500', 5: '1234^SMITH^JOHN^^^DR^^^NPI', 6: '20240301110000-0500', 12: 'DOC77^HOSP', 16: 'dischargesummary.txt', 17: 'AU' }),
    'OBX|1|TX|18842-5^Discharge summary^LN||Patient discharged in good condition.||||||F',
    'OBX|2|TX|18842-5^Discharge summary^LN||Follow up in two weeks.||||||F'),
  // RXE give code/amount/units, dispense, refills, RXR, TQ1 bounds; ORC-1 NW.
  'rde-o11': seg(msh('RDE^O11^RDE_O11', 'X1'), PID, PV1,
    'ORC|NW|RX1^PHARM||||||||20240301080000-0500|||1234^SMITH^JOHN^^^DR^^^NPI',
    f('RXE', { 2: '197361^Amlodipine 5 MG Oral Tablet^RXNORM', 3: '5', 5: 'mg^^UCUM', 6: 'TAB^Tablet^HL70292', 7: '^Take once daily', 10: '30', 11: 'TAB^Tablet^HL70292', 12: '2' }),
    'RXR|PO^Oral^HL70162',
    f('TQ1', { 1: '1', 7: '20240301080000-0500', 8: '20240331080000-0500' })),
  // RXA administration with RXR; ORC filler number.
  'ras-o17': seg(msh('RAS^O17^RAS_O17', 'A1'), PID, PV1,
    'ORC|RE|RX1^PHARM|ADM9^PHARM',
    f('RXA', { 1: '0', 2: '1', 3: '20240301090000-0500', 4: '20240301090500-0500', 5: '197361^Amlodipine 5 MG Oral Tablet^RXNORM', 6: '5', 7: 'mg^^UCUM', 20: 'CP' }),
    'RXR|PO^Oral^HL70162'),
  // FT1 transaction id, date, code, quantity, amount, performer, diagnosis.
  'dft-p03': seg(msh('DFT^P03^DFT_P03', 'F1'), 'EVN|P03|20240301120000-0500', PID, PV1,
    f('FT1', { 1: '1', 2: 'T9001', 4: '20240301', 5: '20240301', 6: 'CG', 7: '99213^Office visit^C4', 10: '1', 11: '120.00&USD', 19: 'I10^Essential hypertension^I10', 20: '1234^SMITH^JOHN^^^DR^^^NPI' })),
  // PID-18 account number, PV1 admit time, DG1, GT1, IN1.
  'bar-p01': seg(msh('BAR^P01^BAR_P01', 'B1'), 'EVN|P01|20240301120000-0500',
    f('PID', { 1: '1', 3: '123^^^HOSP^MR', 5: 'DOE^JANE', 7: '19800101', 8: 'F', 18: 'ACC55^^^HOSP^AN' }),
    f('PV1', { 1: '1', 2: 'I', 3: 'ICU^101^A^HOSP', 19: 'V100^^^HOSP^VN', 44: '20240228080000-0500' }),
    'DG1|1||I10^Essential hypertension^I10||20240228|A',
    f('GT1', { 1: '1', 2: 'G1^^^HOSP', 3: 'DOE^JOHN', 5: '1 MAIN ST^^SPRINGFIELD^IL^62701', 11: 'SPO^Spouse^HL70063' })),
  // ROL after PID: PP → Patient.generalPractitioner, CP → CareTeam; ROL after PV1 (AT) → Encounter.participant;
  // ROL in the order (RT, with ORC-12 set) → ServiceRequest.performer; CTD in the order → RelatedPerson.
  'orm-o01-rol-ctd': seg(msh('ORM^O01^ORM_O01', 'O2'), PID,
    'ROL|R1|AD|PP^Primary Care Provider^HL70443|5678^WELBY^MARCUS^^^DR^^^NPI|20230101',
    'ROL|R2|AD|CP^Consulting Provider^HL70443|9012^HOUSE^GREGORY^^^DR^^^NPI||||||||||CARDIO^Cardiology Group^^^^^^^^CG1',
    PV1,
    'ROL|R3|AD|AT^Attending^HL70443|3456^KILDARE^JAMES^^^DR^^^NPI|20240301080000-0500',
    'ORC|NW|P140^ORDERS||||||||20240301080000-0500|||1234^SMITH^JOHN^^^DR^^^NPI',
    'OBR|1|P140^ORDERS||24331-1^Lipid panel^LN',
    'ROL|R4|AD|RT^Referred to Provider^HL70443|7890^GREY^MEREDITH^^^DR^^^NPI',
    'CTD|C^Emergency Contact^HL70131|DOE^JOHN|1 MAIN ST^^BOSTON^MA^02118||^PRN^PH^^1^617^5551234||12345^DL^MA'),
  // OML: ROL OP in the order with ORC-12 empty → ServiceRequest.requester.
  'oml-o21-rol': seg(msh('OML^O21^OML_O21', 'L2'), PID,
    'ORC|NW|P150^ORDERS||||||||20240301080000-0500',
    'OBR|1|P150^ORDERS||58410-2^CBC panel^LN',
    'ROL|R5|AD|OP^Ordering Provider^HL70443|1234^SMITH^JOHN^^^DR^^^NPI'),
  // ORU: ROL RO (responsible observer) in the order → ServiceRequest.performer; CTD after OBR → RelatedPerson.
  'oru-r01-rol-ctd': seg(msh('ORU^R01^ORU_R01', 'R2'), PID,
    'ORC|RE|P160^ORDERS|F260^LAB||CM',
    f('OBR', { 1: '1', 2: 'P160^ORDERS', 3: 'F260^LAB', 4: '2345-7^Glucose^LN', 7: '20240301073000-0500', 25: 'F' }),
    'ROL|R6|AD|RO^Responsible Observer^HL70443|4321^CHASE^ROBERT^^^DR^^^NPI',
    'CTD|E^Employer^HL70131|ACME^HR DESK|||^WPN^PH^^1^617^5550000',
    'OBX|1|NM|2345-7^Glucose^LN||95|mg/dL^^UCUM|70-99|N|||F'),
  // RDE: ROL OP with ORC-12 empty → MedicationRequest.requester; ROL PH → performer; CTD → RelatedPerson.
  'rde-o11-rol-ctd': seg(msh('RDE^O11^RDE_O11', 'X2'), PID,
    'ORC|NW|RX2^PHARM||||||||20240301080000-0500',
    f('RXE', { 2: '197361^Amlodipine 5 MG Oral Tablet^RXNORM', 3: '5', 5: 'mg^^UCUM', 10: '30', 11: 'TAB^Tablet^HL70292' }),
    'ROL|R7|AD|OP^Ordering Provider^HL70443|1234^SMITH^JOHN^^^DR^^^NPI',
    'ROL|R8|AD|PH^Pharmacist^HL70443|2468^HOLMES^SHERLOCK^^^^^^NPI',
    'CTD|N^Next-of-Kin^HL70131|DOE^JOHN|||^PRN^PH^^1^617^5551234'),
};
