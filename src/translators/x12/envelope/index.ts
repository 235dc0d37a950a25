/** X12 envelope layer: ISA/IEA, GS/GE, ST/SE tree with SNIP level 1 envelope findings. */
export { X12EnvelopeReader, type X12EnvelopeOptions } from './envelope-reader.js';
export { checkIsa } from './isa-rules.js';
export type { X12Envelope, X12FunctionalGroup, X12Interchange, X12TransactionSet } from './types.js';
