/**
 * Index extraction at write time: every search parameter of the resource's type is evaluated and its
 * values normalised (`normalize.ts`); the Patient compartments the resource belongs to are listed.
 * https://hl7.org/fhir/R4/search.html and https://hl7.org/fhir/R4/compartmentdefinition-patient.html
 */
import type { Resource } from 'fhir/r4.js';
import { normalizeValue } from './normalize.js';
import { compileExpression, type Evaluator } from './path.js';
import { localizeReference, normalizeBaseUrls } from './reference.js';
import type { LoadedSearchParamRegistry } from './registry.js';
import type {
  CompositeIndexValue,
  IndexEntry,
  IndexExtractor,
  IndexValue,
  ResourceIndex,
  SearchParamDef,
  SearchParamRegistry,
  SearchParamType,
} from './types.js';

type SimpleValue = Exclude<IndexValue, CompositeIndexValue>;

/** One parameter, compiled for one resource type. */
interface CompiledParam {
  readonly code: string;
  readonly type: SearchParamType;
  readonly evaluate: Evaluator;
  readonly components: readonly { readonly type: SearchParamType; readonly evaluate: Evaluator }[];
}

/** Composite tuples per element are capped so a pathological resource cannot blow up the index. */
const MAX_TUPLES = 64;
const COMPARTMENT = 'Patient';
const MAX_CACHED_TYPES = 1000;

function compileParam(def: SearchParamDef, resourceType: string, registry: SearchParamRegistry): CompiledParam | undefined {
  if (def.expression === undefined || def.type === 'special') return undefined;
  const evaluate = compileExpression(def.expression, resourceType);
  if (def.type !== 'composite') return { code: def.code, type: def.type, evaluate, components: [] };
  // Components are relative to the composite's element, e.g. `Observation.component` → `code`.
  const context = /^[A-Za-z.]+$/.test(def.expression) ? (def.expression === resourceType ? resourceType : def.expression) : undefined;
  const components = def.components.flatMap((c) => {
    const type = registry.get(resourceType, c.param)?.type;
    return type ? [{ type, evaluate: compileExpression(c.expression, resourceType, { context }) }] : [];
  });
  return components.length === def.components.length ? { code: def.code, type: def.type, evaluate, components } : undefined;
}

function compositeValues(param: CompiledParam, element: unknown, out: IndexValue[]): void {
  let tuples: SimpleValue[][] = [[]];
  const values: IndexValue[] = [];
  for (const component of param.components) {
    values.length = 0;
    for (const v of component.evaluate(element)) normalizeValue(component.type, v, values);
    const next: SimpleValue[][] = [];
    for (const t of tuples) {
      for (const v of values) {
        // Text-only token entries (CodeableConcept.text) cannot match a composite `code$value` search.
        if (v.kind === 'composite' || (v.kind === 'token' && v.code === undefined) || next.length >= MAX_TUPLES) continue;
        next.push([...t, v]);
      }
    }
    if (next.length === 0) return;
    tuples = next;
  }
  for (const components of tuples) out.push({ kind: 'composite', components });
}

/** Default accessor for the compartment table when the registry is not a loaded one. */
function compartmentParamsOf(registry: SearchParamRegistry): (type: string) => readonly string[] {
  const loaded = registry as Partial<LoadedSearchParamRegistry>;
  return typeof loaded.compartmentParams === 'function' ? loaded.compartmentParams.bind(registry) : () => [];
}

/** Options of `createIndexExtractor`. */
export interface IndexExtractorOptions {
  /**
   * Base URLs under which absolute references count as local (e.g. `https://gw.example.org/fhir`):
   * `{base}/Patient/1` is indexed as `Patient/1`, so it is found by `Patient/1` and by the URL alike.
   */
  readonly localBaseUrls?: readonly string[];
}

/** The registry's change counter, when it has one (runtime SearchParameters); 0 otherwise. */
function revisionOf(registry: SearchParamRegistry): () => number {
  const r = registry as Partial<LoadedSearchParamRegistry>;
  return typeof r.revision === 'function' ? r.revision.bind(registry) : () => 0;
}

/**
 * Creates the extractor for `registry`. Expressions are compiled once per resource type, on first use
 * (and again after the registry's definitions change); a parameter that fails on an odd resource yields
 * no values instead of failing the write.
 */
export function createIndexExtractor(registry: SearchParamRegistry, options: IndexExtractorOptions = {}): IndexExtractor {
  const byType = new Map<string, readonly CompiledParam[]>();
  const compartmentParams = compartmentParamsOf(registry);
  const revision = revisionOf(registry);
  const localBases = normalizeBaseUrls(options.localBaseUrls);
  let seenRevision = revision();
  const localize = (value: IndexValue): IndexValue => {
    if (value.kind !== 'reference' || value.ref === undefined || localBases.length === 0) return value;
    const local = localizeReference({ ref: value.ref, targetType: value.targetType, targetId: value.targetId }, localBases);
    return local.ref === value.ref ? value : { ...value, ref: local.ref };
  };

  const compiledFor = (resourceType: string): readonly CompiledParam[] => {
    const current = revision();
    if (current !== seenRevision) {
      byType.clear(); // search parameters were added or removed at runtime
      seenRevision = current;
    }
    let compiled = byType.get(resourceType);
    if (!compiled) {
      compiled = registry.forType(resourceType).flatMap((def) => {
        try {
          const c = compileParam(def, resourceType, registry);
          return c ? [c] : [];
        } catch {
          return []; // an expression the engine cannot compile is simply not indexed
        }
      });
      if (byType.size >= MAX_CACHED_TYPES) byType.clear(); // custom types come and go; keep the cache bounded
      byType.set(resourceType, compiled);
    }
    return compiled;
  };

  return {
    extract(resource: Resource): ResourceIndex {
      const entries: IndexEntry[] = [];
      const values: IndexValue[] = [];
      for (const param of compiledFor(resource.resourceType)) {
        values.length = 0;
        try {
          for (const element of param.evaluate(resource)) {
            if (param.type === 'composite') compositeValues(param, element, values);
            else normalizeValue(param.type, element, values);
          }
        } catch {
          continue; // odd content must never fail a write
        }
        for (const value of values) entries.push({ param: param.code, value: localize(value) });
      }
      return { entries, compartments: compartmentsOf(resource, entries, compartmentParams(resource.resourceType)) };
    },
  };
}

/**
 * `Patient/<id>` for each compartment param reference to a local Patient (relative, or under a local
 * base); a Patient is in its own compartment. A Patient on another server puts nothing in a compartment.
 */
function compartmentsOf(resource: Resource, entries: readonly IndexEntry[], params: readonly string[]): string[] {
  const out = new Set<string>();
  if (resource.resourceType === COMPARTMENT && resource.id !== undefined) out.add(`${COMPARTMENT}/${resource.id}`);
  if (params.length === 0) return [...out];
  for (const e of entries) {
    if (e.value.kind === 'reference' && e.value.targetType === COMPARTMENT && e.value.targetId !== undefined
      && e.value.ref === `${COMPARTMENT}/${e.value.targetId}` && params.includes(e.param)) {
      out.add(`${COMPARTMENT}/${e.value.targetId}`);
    }
  }
  return [...out];
}
