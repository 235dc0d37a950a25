/** X12 5010: tokenizer, envelope layer and findings with TA1 / 999 codes. */
export * from './tokenizer/index.js';
export * from './envelope/index.js';
export { parseX12, type ParsedX12 } from './parse.js';
export {
  formatLocation, toOperationOutcomeIssue, X12_CODE_SYSTEMS,
  type Ak9ErrorCode, type Ik5ErrorCode, type Ta1NoteCode, type X12Issue, type X12IssuePlace, type X12Rule,
} from './issues.js';
