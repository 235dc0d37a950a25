/**
 * What the HL7 v2 pipeline is built from: ports, the injected translator and code mapper, the clock,
 * ids and settings. main.ts wires the real ones; tests inject their own.
 */
import type { CodeMapper } from '../../core/code-mapping.js';
import type { Logger } from '../../log/logger.js';
import type { Inbox } from '../../ports/inbox.js';
import type { FhirInteractions } from '../../repository/types.js';
import type { SupportedMessages } from '../../translators/hl7v2/ack/index.js';
import type { Hl7v2TranslateContext, Hl7v2Translator } from '../../translators/hl7v2/fhir/types.js';
import type { Hl7v2CoverageReport } from '../../translators/hl7v2/coverage/index.js';

/** Pipeline settings. */
export interface Hl7v2PipelineOptions {
  /** Messages processed at once (different patients). */
  readonly concurrency: number;
  /** How long a claim on an entry lasts before another worker may take it over. */
  readonly leaseMs: number;
  /** Processing attempts (transient failures) before an entry goes dead. */
  readonly maxAttempts: number;
  /** How often due retries are looked for; 0 = never (tests drive `retryDue` themselves). */
  readonly retryIntervalMs: number;
  /** Raw payloads of done entries are dropped after this many days; 0 = kept forever. */
  readonly retentionDays: number;
  /** How often the retention sweep runs. */
  readonly retentionSweepMs: number;
  /** MSH-3 / MSH-4 of NAKs sent for input without a usable header. */
  readonly sendingApplication?: string;
  readonly sendingFacility?: string;
}

/** Defaults of the pipeline settings. */
export const DEFAULT_PIPELINE_OPTIONS: Hl7v2PipelineOptions = {
  concurrency: 16,
  leaseMs: 60_000,
  maxAttempts: 10,
  retryIntervalMs: 5_000,
  retentionDays: 30,
  retentionSweepMs: 3_600_000,
  sendingApplication: 'LYFEAI',
};

/** The pipeline's dependencies. */
export interface Hl7v2PipelineDeps {
  readonly inbox: Inbox;
  readonly repo: FhirInteractions;
  readonly translate: Hl7v2Translator;
  readonly codes: CodeMapper;
  readonly identifierSystem: Hl7v2TranslateContext['identifierSystem'];
  /** FHIR base URL for the repository's request context (links, `fullUrl`). */
  readonly fhirBaseUrl: string;
  readonly clock: () => Date;
  /** Ids for `urn:uuid:` fullUrls. */
  readonly ids: () => string;
  readonly logger: Logger;
  /** This instance's lease owner id (unique per process). */
  readonly owner: string;
  /** Message types / versions / processing ids accepted; default `DEFAULT_SUPPORTED`. */
  readonly supported?: SupportedMessages;
  readonly options?: Partial<Hl7v2PipelineOptions>;
  /** The coverage report fed with each translated message's field reads (off when undefined). */
  readonly coverage?: Pick<Hl7v2CoverageReport, 'record'>;
}

/** The message types of issue 4 and the versions 2.1–2.8.2, processing ids P, T and D (table 0103). */
export const DEFAULT_SUPPORTED: SupportedMessages = {
  messageTypes: new Set([
    ...['A01', 'A02', 'A03', 'A04', 'A05', 'A06', 'A07', 'A08', 'A09', 'A10', 'A11', 'A12', 'A13', 'A28', 'A31', 'A40', 'A47', 'A60']
      .map((e) => `ADT^${e}`),
    'ORU^R01', 'OUL^R22', 'ORM^O01', 'OML^O21', 'VXU^V04', 'SIU^S12', 'SIU^S13', 'SIU^S14', 'SIU^S15',
    'MDM^T01', 'MDM^T02', 'MDM^T05', 'MDM^T06', 'RDE^O11', 'RAS^O17', 'DFT^P03', 'BAR^P01',
  ]),
  versions: new Set(['2.1', '2.2', '2.3', '2.3.1', '2.4', '2.5', '2.5.1', '2.6', '2.7', '2.7.1', '2.8', '2.8.1', '2.8.2']),
  processingIds: new Set(['P', 'T', 'D']),
};
