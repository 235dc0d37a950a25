/** X12 SNIP validation: level 2 structure and elements, level 3 balancing, trading-partner rule hook. */
export * from './rule.js';
export { snip2ElementRule, snip2HierarchyRule, validDate } from './element-rules.js';
export { snip3ClaimBalanceRule, snip3RemittanceBalanceRule, cents, casTotal } from './balancing.js';
export {
  DEFAULT_X12_RULES, validateEnvelope, validateTransactionSet, validateX12, X12RuleDriver,
  type X12ValidateOptions, type X12Validated,
} from './validate.js';
export { X12StreamValidator, type X12SetPlace, type X12StreamOptions, type X12StreamResult } from './stream-validator.js';
