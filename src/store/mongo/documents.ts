/**
 * MongoDB document shapes: one `resources` document per resource (its current version plus the search
 * index arrays) and one `history` document per version. Index values from the extractor are flattened
 * into short-named array entries so multikey compound indexes and `$elemMatch` filters can use them.
 * https://hl7.org/fhir/R4/search.html
 */
import type { Resource } from 'fhir/r4.js';
import type { IndexValue, ResourceIndex } from '../../core/search/types.js';
import type { ResourceVersion } from '../../ports/fhir-store.js';

/** token: `s` system, `c` code, `t` folded display text, `y` identifier type as `system|code` (`:of-type`). */
export interface TokenEntry { p: string; s?: string; c?: string; t?: string; y?: string }
/** string: `n` folded form (prefix / contains), `e` exact form. */
export interface StringEntry { p: string; n: string; e: string }
/** date: inclusive instant range in epoch ms. */
export interface DateEntry { p: string; lo: number; hi: number }
/** number: value and its implicit precision range. */
export interface NumberEntry { p: string; v: number; lo: number; hi: number }
/** quantity: raw value/unit plus the UCUM-canonical value (`cv`, `clo`, `chi`) and unit (`cc`). */
export interface QuantityEntry {
  p: string; v: number; lo: number; hi: number; s?: string; c?: string; u?: string;
  cv?: number; clo?: number; chi?: number; cc?: string;
}
/** reference: `r` normalised reference, `tt`/`ti` target type / id, `is`/`iv` Reference.identifier. */
export interface ReferenceEntry { p: string; r?: string; tt?: string; ti?: string; is?: string; iv?: string }
export interface UriEntry { p: string; v: string }
/** One component of a composite entry (same fields as the entry of its own type, without `p`). */
export type ComponentEntry = Record<string, string | number>;
/** composite: components stored as `c0`, `c1`, ... */
export interface CompositeEntry { p: string; [component: `c${number}`]: ComponentEntry }

/** All index arrays of one resource. */
export interface IndexArrays {
  tok: TokenEntry[];
  str: StringEntry[];
  dt: DateEntry[];
  num: NumberEntry[];
  qty: QuantityEntry[];
  ref: ReferenceEntry[];
  uri: UriEntry[];
  cmp: CompositeEntry[];
}

/** Which array holds the entries of each parameter type (`special` has none). */
export const ARRAY_BY_TYPE = {
  token: 'tok', string: 'str', date: 'dt', number: 'num', quantity: 'qty', reference: 'ref', uri: 'uri', composite: 'cmp',
} as const satisfies Record<IndexValue['kind'], keyof IndexArrays>;

/** Precomputed sort keys of one parameter: `lo` for ascending, `hi` for descending order. */
export interface SortKeyDoc { lo: string | number; hi: string | number }

/** The fields every stored version has, in `resources` and in `history`. */
interface VersionFields {
  resourceType: string;
  id: string;
  versionId: number;
  lastUpdated: string;
  /** `lastUpdated` in epoch ms, for `_lastUpdated` search / sort and history ordering. */
  ts: number;
  deleted: boolean;
  method: ResourceVersion['method'];
  resource: Resource | null;
}

/** A document of the `resources` collection (the current version of one resource). */
export interface ResourceDoc extends VersionFields {
  /** `Type/id`. */
  _id: string;
  idx: IndexArrays;
  /** Patient compartments, `Patient/<id>`. */
  compartments: string[];
  /** Sort keys per parameter (key from `sortField`). */
  sort: Record<string, SortKeyDoc>;
}

/** A document of the `history` collection (one version). */
export interface HistoryDoc extends VersionFields {
  /** `Type/id/_history/versionId`. */
  _id: string;
}

export const resourceKey = (resourceType: string, id: string): string => `${resourceType}/${id}`;
export const historyKey = (resourceType: string, id: string, versionId: number): string =>
  `${resourceType}/${id}/_history/${versionId}`;

/** Field-name-safe form of a parameter code for the `sort` subdocument (no `.` and no leading `$`). */
export const sortField = (code: string): string => code.replace(/[.$]/g, '_');

/** Copies the defined properties only (the driver would store `undefined` as `null`). */
function defined<T extends object>(o: T): T {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as T;
}

/** Flattens one non-composite value into the fields of its array entry (without `p`). */
function componentFields(v: Exclude<IndexValue, { kind: 'composite' }>): ComponentEntry {
  switch (v.kind) {
    case 'token': {
      const y = v.typeSystem === undefined && v.typeCode === undefined ? undefined : `${v.typeSystem ?? ''}|${v.typeCode ?? ''}`;
      return defined({ s: v.system, c: v.code, t: v.text, y }) as ComponentEntry;
    }
    case 'string': return { n: v.norm, e: v.exact };
    case 'date': return { lo: v.low, hi: v.high };
    case 'number': return { v: v.value, lo: v.low, hi: v.high };
    case 'quantity': {
      // Canonical bounds scale with the value; a zero value keeps its canonical value as both bounds.
      const f = v.canonicalValue !== undefined && v.value !== 0 ? v.canonicalValue / v.value : undefined;
      return defined({
        v: v.value, lo: v.low, hi: v.high, s: v.system, c: v.code, u: v.unit, cv: v.canonicalValue, cc: v.canonicalCode,
        clo: f === undefined ? v.canonicalValue : Math.min(v.low * f, v.high * f),
        chi: f === undefined ? v.canonicalValue : Math.max(v.low * f, v.high * f),
      }) as ComponentEntry;
    }
    case 'reference':
      return defined({ r: v.ref, tt: v.targetType, ti: v.targetId, is: v.identifierSystem, iv: v.identifierValue }) as ComponentEntry;
    case 'uri': return { v: v.value };
    default: return v satisfies never;
  }
}

/** Builds the index arrays from the extractor's output. */
export function buildIndexArrays(index: ResourceIndex): IndexArrays {
  const out: IndexArrays = { tok: [], str: [], dt: [], num: [], qty: [], ref: [], uri: [], cmp: [] };
  for (const { param: p, value } of index.entries) {
    if (value.kind === 'composite') {
      const entry: CompositeEntry = { p };
      value.components.forEach((c, i) => { entry[`c${i}`] = componentFields(c); });
      out.cmp.push(entry);
      continue;
    }
    // The entry is `{ p, ...fields }` with the fields of its own array's entry type.
    const entry = { p, ...componentFields(value) };
    (out[ARRAY_BY_TYPE[value.kind]] as object[]).push(entry);
  }
  return out;
}

/** The value a parameter sorts by, or undefined when the entry has none. */
function sortValues(v: IndexValue): [string | number, string | number] | undefined {
  switch (v.kind) {
    case 'token': return v.code === undefined ? undefined : [v.code, v.code];
    case 'string': return [v.norm, v.norm];
    case 'date': return [v.low, v.high];
    case 'number': case 'quantity': return [v.value, v.value];
    case 'reference': return v.ref === undefined ? undefined : [v.ref, v.ref];
    case 'uri': return [v.value, v.value];
    case 'composite': return undefined;
    default: return v satisfies never;
  }
}

/** Per parameter: the smallest value (ascending sorts) and the largest (descending sorts). */
export function buildSortKeys(index: ResourceIndex): Record<string, SortKeyDoc> {
  const out: Record<string, SortKeyDoc> = {};
  for (const { param, value } of index.entries) {
    const sv = sortValues(value);
    if (!sv) continue;
    const key = sortField(param);
    const cur = out[key];
    if (!cur) out[key] = { lo: sv[0], hi: sv[1] };
    else if (typeof cur.lo === typeof sv[0]) {
      if (sv[0] < cur.lo) cur.lo = sv[0];
      if (sv[1] > cur.hi) cur.hi = sv[1];
    }
  }
  return out;
}

const EMPTY_INDEX: ResourceIndex = { entries: [], compartments: [] };

/** The `resources` document for `version`; `index` is the extractor's output (ignored when deleted). */
export function toResourceDoc(version: ResourceVersion, index: ResourceIndex | undefined): ResourceDoc {
  const ix = version.deleted || !index ? EMPTY_INDEX : index;
  return {
    _id: resourceKey(version.resourceType, version.id),
    ...versionFields(version),
    idx: buildIndexArrays(ix),
    compartments: [...ix.compartments],
    sort: buildSortKeys(ix),
  };
}

/** The `history` document for `version`. */
export function toHistoryDoc(version: ResourceVersion): HistoryDoc {
  return { _id: historyKey(version.resourceType, version.id, version.versionId), ...versionFields(version) };
}

/** The fields both collections store for one version. */
function versionFields(version: ResourceVersion): VersionFields {
  return {
    resourceType: version.resourceType,
    id: version.id,
    versionId: version.versionId,
    lastUpdated: version.lastUpdated,
    ts: Date.parse(version.lastUpdated),
    deleted: version.deleted,
    method: version.method,
    resource: version.resource ?? null,
  };
}

/** Back to the port's shape (works for both collections). */
export function toVersion(doc: Pick<HistoryDoc, 'resourceType' | 'id' | 'versionId' | 'lastUpdated' | 'deleted' | 'method' | 'resource'>): ResourceVersion {
  return {
    resourceType: doc.resourceType,
    id: doc.id,
    versionId: doc.versionId,
    lastUpdated: doc.lastUpdated,
    deleted: doc.deleted,
    method: doc.method,
    resource: doc.deleted || doc.resource === null ? undefined : doc.resource,
  };
}
