/** X12 transaction layer: TR3 loop specs, the loop-aware parser and the loop tree. */
export * from './spec.js';
export * from './tree.js';
export { X12LoopParser, loopIds, type X12LoopParserOptions } from './loop-parser.js';
export { specFor, X12_TRANSACTION_SPECS } from './registry.js';
export { parseTransactions, parseTransactionSet, type X12ParsedTransaction } from './parse-transactions.js';
