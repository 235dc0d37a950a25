/** X12 tokenizer: public surface used by the envelope layer, transaction parsers and channels. */
export { X12Tokenizer, toBinaryString, type X12TokenizerEnd, type X12TokenizerOptions } from './tokenizer.js';
export { tokenizeX12, readX12Segments, type X12Tokens } from './tokenize.js';
export { X12Segment } from './segment.js';
export { readIsaHeader, ISA_LENGTH, type IsaHeader } from './isa-header.js';
export { serializeX12Binary, serializeX12Segment, serializeX12Tokens, decodeX12Text } from './serialize.js';
export { DEFAULT_X12_DELIMITERS, type X12Delimiters, type X12Position } from './types.js';
