/**
 * The rule hook of the X12 validator: SNIP levels 2–7 checks are rules that see each placed segment,
 * each closed loop and the end of each transaction set, and report findings. The built-in element
 * checks (level 2) and balancing (level 3) are rules like any other, and a trading partner adds its
 * own (companion-guide edits, level 7) by passing more rules. See docs/x12-snip.md.
 * https://www.wedi.org (WEDI SNIP testing types 1–7)
 */
import type { AckFinding, Ik304Code, Ik403Code, Ik502Code } from '../ack/index.js';
import type { X12Loop, X12SegmentNode, X12TransactionSpec } from '../transactions/index.js';

/** A finding as a rule reports it; the validator adds the group / transaction address and the CTX. */
export type X12RuleFinding =
  | { readonly level: 'element'; readonly node: X12SegmentNode; readonly element: number; readonly component?: number;
      readonly repetition?: number; readonly code: Ik403Code; readonly message: string; readonly rule: string; readonly severity?: 'error' | 'warning' }
  | { readonly level: 'segment'; readonly node: X12SegmentNode; readonly code: Ik304Code; readonly message: string;
      readonly rule: string; readonly severity?: 'error' | 'warning' }
  | { readonly level: 'transaction'; readonly code: Ik502Code; readonly message: string; readonly rule: string;
      readonly severity?: 'error' | 'warning' };

/** Reports one finding. */
export type X12Report = (finding: X12RuleFinding) => void;

/** One validation rule (all hooks optional). Rules must be pure: no I/O, no clock. */
export interface X12ValidationRule {
  /** Stable name (`snip2-elements`, `snip3-837-claim-balance`, `acme-npi-required`). */
  readonly name: string;
  /** SNIP level it belongs to (2 … 7), for docs and filtering. */
  readonly level: 2 | 3 | 4 | 5 | 6 | 7;
  /** Which transaction specs it runs on (default: all). */
  appliesTo?(spec: X12TransactionSpec): boolean;
  /** A fresh per-transaction state (balancing totals); `undefined` when stateless. */
  start?(spec: X12TransactionSpec): X12RuleRun;
}

/** The hooks of one rule over one transaction set. */
export interface X12RuleRun {
  onSegment?(node: X12SegmentNode, report: X12Report): void;
  onLoopEnd?(loop: X12Loop, report: X12Report): void;
  onTransactionEnd?(root: X12Loop, report: X12Report): void;
}

/** Converts a rule finding to the 999 builder's input (addressed to group / transaction). */
export function toAckFinding(f: X12RuleFinding, group: number, transaction: number): AckFinding {
  const severity = f.severity ?? 'error';
  const base = { severity, group, transaction, rule: f.rule, message: f.message } as const;
  if (f.level === 'transaction') return { ...base, level: 'transaction', ik5: f.code };
  const segment = { id: f.node.segment.id, position: f.node.position, ...(f.node.loop.id === '' ? {} : { loop: f.node.loop.id }) };
  if (f.level === 'segment') return { ...base, level: 'segment', ik3: f.code, segment };
  const value = f.component === undefined ? f.node.segment.element(f.element) : f.node.segment.component(f.element, f.component, f.repetition ?? 1);
  const reference = elementReference(f.node.segment.id, f.element);
  return {
    ...base, level: 'element', ik4: f.code, segment, ...(value === undefined || value === '' ? {} : { value }),
    element: {
      position: f.element,
      ...(f.component === undefined || f.component === 0 ? {} : { component: f.component }),
      ...(f.repetition === undefined ? {} : { repetition: f.repetition }),
      ...(reference === undefined ? {} : { reference }),
    },
  };
}

/** X12 data element reference numbers (IK402) of the elements our rules report on. */
const REFERENCES: Readonly<Record<string, readonly (string | undefined)[]>> = {
  AMT: [undefined, '522', '782'], BHT: [undefined, '1005', '353', '127', '373', '337', '640'],
  BGN: [undefined, '353', '127', '373', '337', '623', '127', '640', '306'], BPR: [undefined, '305', '782', '478', '591', '812', '506', '507', '569', '508', '373', '1048', '506', '507', '569', '508', '373'],
  CAS: [undefined, '1033', '1034', '782', '380', '1034', '782', '380', '1034', '782', '380', '1034', '782', '380', '1034', '782', '380', '1034', '782', '380'],
  CLM: [undefined, '1028', '782', undefined, undefined, 'C023', '1073', '1359', '1363', '1351', '1360', 'C024', '1366'],
  CLP: [undefined, '1028', '1029', '782', '782', '782', '1032', '127', '1331', '1325', '1352', '1354', '380', '954'],
  CTP: [undefined, '687', '236', '212', '380', 'C001'], DMG: [undefined, '1250', '1251', '1068'], DTM: [undefined, '374', '373'],
  DTP: [undefined, '374', '1250', '1251'], EB: [undefined, '1390', '1203', '1365', '1336', '1204', '615', '782', '954'],
  HD: [undefined, '875', undefined, '1205', '1204', '1207'], HI: [undefined, 'C022', 'C022', 'C022', 'C022', 'C022', 'C022', 'C022', 'C022', 'C022', 'C022', 'C022', 'C022'],
  HL: [undefined, '628', '734', '735', '736'], INS: [undefined, '1073', '1069', '875', '1203', '1216', '1218', '1219', '584'],
  LIN: [undefined, '350', '235', '234'], LX: [undefined, '554'], N1: [undefined, '98', '93', '66', '67'], N3: [undefined, '166', '166'],
  N4: [undefined, '19', '156', '116', '26'], NM1: [undefined, '98', '1065', '1035', '1036', '1037', '1038', '1039', '66', '67'],
  OI: [undefined, undefined, undefined, '1073', '1351', '1360', '1363'], PAT: [undefined, '1069'], PER: [undefined, '366', '93', '365', '364'],
  PLB: [undefined, '127', '373', 'C042', '782', 'C042', '782'], REF: [undefined, '128', '127'], SBR: [undefined, '1138', '1069', '127', '93'],
  STC: [undefined, 'C043', '373', '306', '782', '782'], SV1: [undefined, 'C003', '782', '355', '380', '1331', undefined, 'C004'],
  SV2: [undefined, '234', 'C003', '782', '355', '380'], SV3: [undefined, 'C003', '782', '1331'], SVC: [undefined, 'C003', '782', '782', '234', '380'],
  TRN: [undefined, '481', '127', '509'], TS3: [undefined, '127', '1331', '373', '380', '782'], UM: [undefined, '1525', '1322'],
};

/** IK402 of element `n` of segment `id`, when known. */
export function elementReference(id: string, n: number): string | undefined {
  return REFERENCES[id]?.[n];
}

/** A rule's findings for a segment under construction (helper for rules). */
export function elementFinding(node: X12SegmentNode, element: number, code: Ik403Code, rule: string, message: string, component?: number): X12RuleFinding {
  return { level: 'element', node, element, code, rule, message, ...(component === undefined ? {} : { component }) };
}
