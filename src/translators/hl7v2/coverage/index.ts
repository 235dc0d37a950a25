/** The HL7 v2 coverage report: which fields senders send and which of them the translators map. */
export { trackFieldReads, type MessageFieldCoverage } from './field-reads.js';
export { COVERAGE_FORMAT, Hl7v2CoverageReport, type CoverageLimits, type CoverageRow, type CoverageSnapshot, type FieldCoverage } from './coverage-report.js';
