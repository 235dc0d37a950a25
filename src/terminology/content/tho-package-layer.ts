/**
 * ThoPackageLayer: HL7 Terminology (THO, npm `hl7.terminology.r4`, CC0) read lazily from its package
 * folder, one `<Type>-<id>.json` per resource. A url under `http://terminology.hl7.org/<Type>/` goes
 * straight to its file; the few others are found through a url index made at build time
 * (`scripts/build-tho-index.ts`) or, when the package version differs from the index's, through a
 * one-time scan of that type's files. https://terminology.hl7.org/
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { ContentLayer, TermOf, TermResource, TermType } from '../local/content-registry.js';
import { isTermResource } from './read-resources.js';

const CANONICAL = 'http://terminology.hl7.org/';

/** The urls whose file name does not follow from the url (`Type|url` → file), for one package version. */
export interface ThoUrlIndex {
  readonly version: string;
  readonly files: Readonly<Record<string, string>>;
}

/** The file a THO canonical url lives in by the package's naming rule, or undefined. */
export function canonicalFile(type: TermType, url: string): string | undefined {
  const prefix = `${CANONICAL}${type}/`;
  return url.startsWith(prefix) ? `${type}-${url.slice(prefix.length)}.json` : undefined;
}

/** The THO package as a content layer. */
export class ThoPackageLayer implements ContentLayer {
  readonly name = 'hl7.terminology.r4';
  private files: Set<string> | undefined;
  private readonly parsed = new Map<string, TermResource | undefined>();
  private readonly urlIndex = new Map<TermType, Map<string, string[]>>();

  private readonly urlFiles: Readonly<Record<string, string>> | undefined;

  /** `packageVersion` is the installed package's version; `urlIndex` is used only when it matches. */
  constructor(private readonly dir: string, packageVersion?: string, urlIndex?: ThoUrlIndex) {
    this.urlFiles = urlIndex !== undefined && urlIndex.version === packageVersion ? urlIndex.files : undefined;
  }

  find<T extends TermType>(type: T, url: string): readonly TermOf<T>[] {
    const file = canonicalFile(type, url) ?? this.urlFiles?.[`${type}|${url}`];
    if (file !== undefined && this.fileNames().has(file)) {
      const r = this.parse(file);
      if (r?.resourceType === type && r.url === url) return [r as TermOf<T>];
    }
    if (this.urlFiles !== undefined) return [];
    const files = this.index(type).get(url) ?? [];
    return files.map((f) => this.parse(f)).filter((r): r is TermOf<T> => r?.resourceType === type && r.url === url);
  }

  all<T extends TermType>(type: T): readonly TermOf<T>[] {
    return this.filesOf(type).map((f) => this.parse(f)).filter((r): r is TermOf<T> => r?.resourceType === type);
  }

  /** How many files this layer has parsed (for boot and memory reports). */
  get parsedCount(): number {
    return this.parsed.size;
  }

  /** The index for `scripts/build-tho-index.ts`: every url whose file `canonicalFile` does not give. */
  buildUrlIndex(version: string): ThoUrlIndex {
    const files: Record<string, string> = {};
    for (const type of ['CodeSystem', 'ValueSet', 'ConceptMap'] as const) {
      for (const file of this.filesOf(type)) {
        const r = this.parse(file);
        if (r?.url !== undefined && canonicalFile(type, r.url) !== file) files[`${type}|${r.url}`] = file;
        this.parsed.delete(file);
      }
    }
    return { version, files };
  }

  private fileNames(): Set<string> {
    this.files ??= new Set(readdirSync(this.dir).filter((f) => f.endsWith('.json')));
    return this.files;
  }

  private filesOf(type: TermType): string[] {
    return [...this.fileNames()].filter((f) => f.startsWith(`${type}-`)).sort();
  }

  private parse(file: string): TermResource | undefined {
    if (this.parsed.has(file)) return this.parsed.get(file);
    const json: unknown = JSON.parse(readFileSync(join(this.dir, file), 'utf8'));
    const r = isTermResource(json) ? json : undefined;
    this.parsed.set(file, r);
    return r;
  }

  /** url → files for `type`, made once by parsing every file of that type (the slow path). */
  private index(type: TermType): Map<string, string[]> {
    let idx = this.urlIndex.get(type);
    if (idx === undefined) {
      idx = new Map();
      for (const file of this.filesOf(type)) {
        const url = this.parse(file)?.url;
        if (url === undefined) continue;
        const list = idx.get(url);
        if (list === undefined) idx.set(url, [file]);
        else list.push(file);
      }
      this.urlIndex.set(type, idx);
    }
    return idx;
  }
}
