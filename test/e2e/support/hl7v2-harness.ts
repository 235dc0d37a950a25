/**
 * An HL7 v2 pipeline over real parts for tests: SqliteInbox and SqliteFhirStore (`:memory:` unless a
 * directory is given), the real FhirRepository, registry, extractor and schema validator. The translator
 * is injected (the test translator unless the test passes another).
 */
import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import { identityCodeMapper } from '../../../src/core/code-mapping.js';
import { createIndexExtractor } from '../../../src/core/search/extract.js';
import { loadSearchParamRegistry } from '../../../src/core/search/registry.js';
import { silentLogger, type Logger } from '../../../src/log/logger.js';
import { Hl7v2Pipeline } from '../../../src/pipeline/hl7v2/hl7v2-pipeline.js';
import { defaultIdentifierSystem } from '../../../src/pipeline/hl7v2/identifier-system.js';
import { testTranslator } from '../../../src/pipeline/hl7v2/test-translator.js';
import type { Hl7v2PipelineDeps, Hl7v2PipelineOptions } from '../../../src/pipeline/hl7v2/types.js';
import type { FhirStore } from '../../../src/ports/fhir-store.js';
import type { Inbox, StoredAck } from '../../../src/ports/inbox.js';
import { FhirRepository } from '../../../src/repository/fhir-repository.js';
import type { FhirInteractions } from '../../../src/repository/types.js';
import { SqliteInbox } from '../../../src/store/sqlite/inbox/sqlite-inbox.js';
import { SqliteFhirStore } from '../../../src/store/sqlite/sqlite-fhir-store.js';
import type { Hl7v2Translator } from '../../../src/translators/hl7v2/fhir/types.js';
import { createSchemaValidator } from '../../../src/validation/index.js';

export const FHIR_BASE = 'http://gateway.test/fhir';

export interface Hl7v2Harness {
  readonly pipeline: Hl7v2Pipeline;
  readonly inbox: Inbox;
  readonly repo: FhirRepository;
  readonly store: FhirStore;
  /** Receives `text` over a fake channel and returns the ACKs sent, in order. */
  send(text: string | Buffer): Promise<StoredAck[]>;
  close(): Promise<void>;
}

export interface HarnessOptions {
  readonly translate?: Hl7v2Translator;
  readonly options?: Partial<Hl7v2PipelineOptions>;
  /** Wraps what the pipeline sees (fault injection). */
  readonly wrapRepo?: (repo: FhirInteractions) => FhirInteractions;
  readonly wrapInbox?: (inbox: Inbox) => Inbox;
  /** Files go here (else `:memory:`). */
  readonly dir?: string;
  readonly logger?: Logger;
  readonly clock?: () => Date;
  /** The context's identifier systems (default: `identifierSystem` below). */
  readonly identifierSystem?: Hl7v2PipelineDeps['identifierSystem'];
  /** The coverage report the pipeline feeds (off by default). */
  readonly coverage?: Hl7v2PipelineDeps['coverage'];
}

/** The gateway's identifier systems (`urn:id:<authority>`, `urn:oid:<oid>`). */
export const identifierSystem = defaultIdentifierSystem;

export function startHl7v2Harness(o: HarnessOptions = {}): Hl7v2Harness {
  const registry = loadSearchParamRegistry();
  const extractor = createIndexExtractor(registry, { localBaseUrls: [FHIR_BASE] });
  const store = SqliteFhirStore.open({ path: o.dir === undefined ? ':memory:' : join(o.dir, 'fhir.sqlite'), registry, extractor });
  const clock = o.clock ?? ((): Date => new Date());
  const repo = new FhirRepository({
    store, registry, extractor, validator: createSchemaValidator(), clock, ids: randomUUID, config: { localBaseUrls: [FHIR_BASE] },
  });
  const sqliteInbox = SqliteInbox.open({ path: o.dir === undefined ? ':memory:' : join(o.dir, 'inbox.sqlite') });
  const inbox = o.wrapInbox ? o.wrapInbox(sqliteInbox) : sqliteInbox;
  const deps: Hl7v2PipelineDeps = {
    inbox,
    repo: o.wrapRepo ? o.wrapRepo(repo) : repo,
    translate: o.translate ?? testTranslator(),
    codes: identityCodeMapper,
    identifierSystem: o.identifierSystem ?? identifierSystem,
    fhirBaseUrl: FHIR_BASE,
    clock,
    ids: randomUUID,
    logger: o.logger ?? silentLogger(),
    owner: `test-${randomUUID()}`,
    options: { retryIntervalMs: 0, retentionDays: 0, ...o.options },
    ...(o.coverage !== undefined ? { coverage: o.coverage } : {}),
  };
  const pipeline = new Hl7v2Pipeline(deps);
  return {
    pipeline, inbox, repo, store,
    async send(text) {
      const acks: StoredAck[] = [];
      await pipeline.receive(Buffer.isBuffer(text) ? text : Buffer.from(text, 'utf8'), { channel: 'mllp', origin: 'mllp:127.0.0.1' }, (a) => acks.push(a));
      return acks;
    },
    async close() {
      await pipeline.close();
      await sqliteInbox.close();
      await store.close();
    },
  };
}

/** A minimal message; fields that matter: MSH-9 type, MSH-10 control id, PID-3 id^^^authority, PID-5 family. */
export function hl7(controlId: string, opts: { type?: string; pid?: string; family?: string; msh15?: string; msh16?: string; version?: string } = {}): string {
  const msh = `MSH|^~\\&|LAB|HOSP|LYFE|GW|20240115123000||${opts.type ?? 'ADT^A08^ADT_A01'}|${controlId}|P|${opts.version ?? '2.5.1'}|||${opts.msh15 ?? ''}|${opts.msh16 ?? ''}`;
  const pid = opts.pid === '' ? 'PID|1' : `PID|1||${opts.pid ?? '123'}^^^HOSP^MR||${opts.family ?? 'DOE'}^JOHN`;
  return `${msh.replace(/\|+$/, '')}\r${pid}\r`;
}

/** MSA-1 and MSA-2 of an ACK, and its ERR-3.1 codes. */
export function ackSummary(ack: StoredAck | undefined): { code: string | undefined; controlId: string | undefined; errors: string[] } {
  if (ack === undefined) throw new Error('no ACK was sent');
  const segs = ack.text.split('\r');
  const msa = segs.find((s) => s.startsWith('MSA'))?.split('|');
  const errors = segs.filter((s) => s.startsWith('ERR')).map((s) => s.split('|')[3]?.split('^')[0] ?? (s.split('|')[1]?.split('^')[3]?.split('&')[0] ?? ''));
  return { code: msa?.[1], controlId: msa?.[2], errors };
}
