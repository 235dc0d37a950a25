/**
 * ImportedSystemsLayer: a content layer over the code systems imported into `DATA_DIR/terminology/`
 * (see system-file.ts). At first use it reads only each file's header; a system's concepts are read
 * and turned into an in-memory CodeSystem the first time that system is asked for, or before, by
 * `warmUp` in the background once the server listens. It also answers the
 * implicit ValueSets of those systems: `[system]?fhir_vs` (every code), `[system]?fhir_vs=isa/[code]`
 * (the code and its descendants) and `http://loinc.org/vs` (all of LOINC).
 * https://hl7.org/fhir/R4/terminology-service.html ; https://hl7.org/fhir/R4/snomedct.html#implicit
 */
import type { CodeSystem, ValueSet, ValueSetComposeInclude } from 'fhir/r4.js';
import { CodeSystemIndex } from '../local/code-system-index.js';
import type { ContentLayer, TermOf, TermType } from '../local/content-registry.js';
import { Resumable, type Steps } from '../local/resumable.js';
import { wholeSystem } from '../local/value-set-expander.js';
import { toCodeSystem, type ImportedSystemHeader } from './imported-system.js';
import { listSystemFiles, readSystemFileSteps, readSystemHeader } from './system-file.js';

/** Implicit ValueSet urls that name a whole system without the `?fhir_vs` form. */
const WHOLE_SYSTEM_ALIASES: Readonly<Record<string, string>> = { 'http://loinc.org/vs': 'http://loinc.org' };

/** A system file known from its header. */
interface Entry {
  readonly path: string;
  readonly header: ImportedSystemHeader;
  /** Reading the file and indexing its concepts (started by a warm-up or the first use). */
  load?: Resumable<CodeSystem>;
}

/** What a warm-up did, per system. */
export interface WarmUpReport {
  readonly systems: readonly { readonly url: string; readonly concepts: number; readonly ms: number }[];
  readonly ms: number;
}

/** The layer of imported code systems. */
export class ImportedSystemsLayer implements ContentLayer {
  readonly name = 'imported';
  private entries: Map<string, Entry> | undefined;
  private readonly valueSets = new Map<string, ValueSet | null>();

  /** `onError` hears about files that cannot be read (they are left out). */
  constructor(private readonly dir: string, private readonly onError: (path: string, error: unknown) => void = () => undefined) {}

  /** The headers of the imported systems (reads the headers on first call). */
  headers(): ImportedSystemHeader[] {
    return [...this.ensure().values()].map((e) => e.header);
  }

  /** True once the system `url` has been read and turned into a CodeSystem. */
  isLoaded(url: string): boolean {
    return this.ensure().get(url)?.load?.done === true;
  }

  /**
   * Reads and indexes every imported system (concepts, hierarchy, the word index `$expand` filters
   * use) in the background, in slices of about `sliceMs` with a turn of the event loop between them.
   * A request that needs a system meanwhile finishes its loading at once (waiting only for the rest).
   * Rejects only for an unreadable file (the request that uses it gets the same error).
   */
  async warmUp(sliceMs = 10): Promise<WarmUpReport> {
    const started = performance.now();
    const systems: { url: string; concepts: number; ms: number }[] = [];
    for (const [url, entry] of this.ensure()) {
      const t = performance.now();
      const cs = await this.loading(entry).inBackground(sliceMs);
      await wholeSystem(cs).inBackground(sliceMs);
      systems.push({ url, concepts: cs.concept?.length ?? 0, ms: Math.round(performance.now() - t) });
    }
    return { systems, ms: Math.round(performance.now() - started) };
  }

  find<T extends TermType>(type: T, url: string): readonly TermOf<T>[] {
    if (type === 'CodeSystem') {
      const cs = this.codeSystem(url);
      return cs === undefined ? [] : [cs as TermOf<T>];
    }
    if (type === 'ValueSet') {
      const vs = this.implicitValueSet(url);
      return vs === undefined ? [] : [vs as TermOf<T>];
    }
    return [];
  }

  all<T extends TermType>(type: T): readonly TermOf<T>[] {
    const urls = [...this.ensure().keys()];
    if (type === 'CodeSystem') return urls.map((u) => this.codeSystem(u)).filter((c): c is CodeSystem => c !== undefined) as TermOf<T>[];
    if (type === 'ValueSet') return urls.map((u) => this.implicitValueSet(`${u}?fhir_vs`)).filter((v): v is ValueSet => v !== undefined) as TermOf<T>[];
    return [];
  }

  private codeSystem(url: string): CodeSystem | undefined {
    const entry = this.ensure().get(url);
    return entry === undefined ? undefined : this.loading(entry).finish();
  }

  private loading(entry: Entry): Resumable<CodeSystem> {
    entry.load ??= new Resumable(loadSteps(entry.path));
    return entry.load;
  }

  private implicitValueSet(url: string): ValueSet | undefined {
    let vs = this.valueSets.get(url);
    if (vs === undefined) {
      vs = this.buildValueSet(url) ?? null;
      if (this.valueSets.size > 10_000) this.valueSets.clear(); // urls come from requests: stay bounded
      this.valueSets.set(url, vs);
    }
    return vs ?? undefined;
  }

  private buildValueSet(url: string): ValueSet | undefined {
    const alias = WHOLE_SYSTEM_ALIASES[url];
    const q = url.indexOf('?fhir_vs');
    const system = alias ?? (q < 0 ? undefined : url.slice(0, q));
    const entry = system === undefined ? undefined : this.ensure().get(system);
    if (system === undefined || entry === undefined) return undefined;
    const include: ValueSetComposeInclude = { system, ...(entry.header.version !== undefined && { version: entry.header.version }) };
    const rest = alias === undefined ? url.slice(q + '?fhir_vs'.length) : '';
    let title = `All codes of ${entry.header.title}`;
    if (rest.startsWith('=isa/') && entry.header.hierarchical) {
      const code = decodeURIComponent(rest.slice('=isa/'.length));
      include.filter = [{ property: 'concept', op: 'is-a', value: code }];
      title = `${entry.header.title} codes that are a ${code}`;
    } else if (rest !== '') {
      return undefined;
    }
    return { resourceType: 'ValueSet', url, name: entry.header.name, title, status: 'active', compose: { include: [include] } };
  }

  private ensure(): Map<string, Entry> {
    if (this.entries === undefined) {
      const entries = new Map<string, Entry>();
      for (const path of listSystemFiles(this.dir)) {
        try {
          const header = readSystemHeader(path);
          entries.set(header.url, { path, header });
        } catch (e) {
          this.onError(path, e);
        }
      }
      this.entries = entries;
    }
    return this.entries;
  }
}

/** Reads a system file and indexes its concepts (the index is cached on the CodeSystem object). */
function* loadSteps(path: string): Steps<CodeSystem> {
  const { header, concepts } = yield* readSystemFileSteps(path);
  const cs = toCodeSystem(header, concepts);
  yield* CodeSystemIndex.build(cs).steps();
  return cs;
}
