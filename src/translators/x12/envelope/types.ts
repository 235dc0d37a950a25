/**
 * The envelope tree: interchange (ISA/IEA) → functional groups (GS/GE) → transaction sets (ST/SE).
 * Findings sit where their acknowledgement goes: TA1 codes on the interchange, AK9 codes on the
 * group, IK5 codes on the transaction set. https://x12.org/resources/x12-basics (control structures)
 */
import type { X12Issue } from '../issues.js';
import type { X12Delimiters, X12Segment } from '../tokenizer/index.js';

/** One ST … SE transaction set. */
export interface X12TransactionSet {
  readonly st: X12Segment;
  se: X12Segment | undefined;
  /** ST01 (`837`), ST02 (control number), ST03 (implementation convention, e.g. `005010X222A1`). */
  readonly id: string;
  readonly controlNumber: string;
  readonly implementation: string;
  /** ST … SE inclusive (empty when the reader does not retain segments). */
  readonly segments: X12Segment[];
  /** Segments counted from ST to SE inclusive (what SE01 must say). */
  segmentCount: number;
  /** IK5-level findings. */
  readonly issues: X12Issue[];
}

/** One GS … GE functional group. */
export interface X12FunctionalGroup {
  readonly gs: X12Segment;
  ge: X12Segment | undefined;
  /** GS01 functional identifier (`HC`, `HP`, `FA`, ...), GS02/GS03 application codes, GS06, GS08. */
  readonly functionalId: string;
  readonly senderCode: string;
  readonly receiverCode: string;
  readonly controlNumber: string;
  readonly version: string;
  readonly transactions: X12TransactionSet[];
  /** Segments inside the group but outside any ST … SE. */
  readonly stray: X12Segment[];
  /** AK9-level findings (and TA1 024 for content outside transaction sets). */
  readonly issues: X12Issue[];
}

/** One ISA … IEA interchange. */
export interface X12Interchange {
  readonly isa: X12Segment;
  iea: X12Segment | undefined;
  readonly delimiters: X12Delimiters;
  /** ISA05/ISA06 and ISA07/ISA08 (ids with their padding trimmed). */
  readonly sender: { readonly qualifier: string; readonly id: string };
  readonly receiver: { readonly qualifier: string; readonly id: string };
  /** ISA13, ISA12, ISA14 = `1`, ISA15 (`P`, `T`, `I`). */
  readonly controlNumber: string;
  readonly version: string;
  readonly ackRequested: boolean;
  readonly usage: string;
  readonly groups: X12FunctionalGroup[];
  /** Segments inside the interchange but outside any GS … GE. */
  readonly stray: X12Segment[];
  /** TA1 segments between ISA and the first GS: interchange acknowledgements carried in this interchange. */
  readonly ta1s: X12Segment[];
  /** TA1-level findings (tokenizer findings about the ISA included). */
  readonly issues: X12Issue[];
}

/** Everything read from one input. */
export interface X12Envelope {
  readonly interchanges: X12Interchange[];
  /** Segments outside any interchange. */
  readonly outside: X12Segment[];
  /** Every finding (tokenizer and envelope), in input order of detection. */
  readonly issues: X12Issue[];
}
