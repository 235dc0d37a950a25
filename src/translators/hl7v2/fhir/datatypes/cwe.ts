/**
 * CE / CWE / CNE → CodeableConcept: up to three codings (CWE.1–3, 4–6, 10–12) plus original text
 * (CWE.9), every code passed through the CodeMapper. An unmapped local code keeps its original coding
 * (no invented system) and adds a warning. https://build.fhir.org/ig/HL7/v2-to-fhir/ConceptMap-datatype-cwe-to-codeableconcept.html
 */
import type { CodeableConcept, Coding } from 'fhir/r4.js';
import type { Hl7v2TranslateContext } from '../types.js';
import type { V2Element } from '../element.js';
import type { Mapped } from '../result.js';
import { codingSystemUri, v2TableUri } from './coding-systems.js';
import { unmappedV2Issue } from './unmapped.js';

/** Options: the HL7 table for a bare code (CWE.3 empty), and the FHIR target system / value set wanted. */
export interface CodeOptions {
  /** HL7 table number (`0001`) used as system when CWE.3 is empty or names that table. */
  readonly table?: string;
  /** Target code system or ValueSet URL for the mapper. */
  readonly target?: string;
}

/** Systems that are standard terminologies: a coding in one is final, not a mapping gap. */
const STANDARD = /^(http:\/\/loinc\.org|http:\/\/snomed\.info\/sct|http:\/\/hl7\.org\/fhir\/sid\/|http:\/\/www\.nlm\.nih\.gov\/|http:\/\/www\.ama-assn\.org\/|http:\/\/unitsofmeasure\.org|urn:oid:)/;

/** Maps one code with its system name through ctx.codes; returns codings (original last) and issues. */
export function mapCode(
  ctx: Hl7v2TranslateContext,
  code: string,
  display: string | undefined,
  systemName: string | undefined,
  location: string,
  options: CodeOptions = {},
): Mapped<Coding[]> {
  const system = codingSystemUri(systemName) ?? (options.table !== undefined && systemName === undefined ? v2TableUri(options.table) : undefined);
  const input = { system: system ?? systemName ?? '', code, ...(display !== undefined ? { display } : {}), ...(options.target !== undefined ? { target: options.target } : {}) };
  const answer = ctx.codes.map(input, { source: ctx.source });
  // A local code without a known system keeps no system at all (never `""`, never invented).
  const codings: Coding[] = [];
  for (const raw of answer.codings) {
    const c = raw.system === '' || (system === undefined && raw.system === systemName) ? withoutSystem(raw) : raw;
    // A mapper may answer the original as a "mapped" coding too (identity maps): keep each code once.
    if (!codings.some((x) => x.system === c.system && x.code === c.code)) codings.push(c);
  }
  const issues = [];
  if (!answer.mapped && (system === undefined || !STANDARD.test(system)) && (options.target === undefined || options.target !== system)) {
    issues.push(unmappedV2Issue(input, location, `code '${code}'${systemName !== undefined ? ` (${systemName})` : ''} has no mapping${options.target !== undefined ? ` to ${options.target}` : ''}; kept as received`));
  }
  return { value: codings, issues };
}

function withoutSystem(c: Coding): Coding {
  const { system: _s, ...rest } = c;
  return rest;
}

/** One CWE triplet (code at `first`, text at +1, system at +2, version at `versionAt`). */
function triplet(el: V2Element, ctx: Hl7v2TranslateContext, first: number, versionAt: number, options: CodeOptions): Mapped<Coding[]> {
  const code = el.get(first);
  const display = el.get(first + 1);
  const systemName = el.get(first + 2);
  if (code === undefined) return { value: [], issues: [] };
  const out = mapCode(ctx, code, display, systemName, `${el.location}.${first}`, options);
  const version = el.get(versionAt);
  const codings = version === undefined ? out.value ?? [] : (out.value ?? []).map((c) => (c.system !== undefined && c.code === code ? { ...c, version } : c));
  return { value: codings, issues: out.issues };
}

/** CE / CWE / CNE element → CodeableConcept (undefined when empty). */
export function cweToCodeableConcept(el: V2Element, ctx: Hl7v2TranslateContext, options: CodeOptions = {}): Mapped<CodeableConcept> {
  if (el.isEmpty) return { value: undefined, issues: [] };
  const issues = [];
  const coding: Coding[] = [];
  for (const [first, versionAt] of [[1, 7], [4, 8], [10, 13]] as const) {
    // The alternate triplets are never bare table values: no table default for them.
    const t = triplet(el, ctx, first, versionAt, first === 1 ? options : { ...(options.target !== undefined ? { target: options.target } : {}) });
    issues.push(...t.issues);
    for (const c of t.value ?? []) if (!coding.some((x) => x.system === c.system && x.code === c.code)) coding.push(c);
  }
  const text = el.get(9) ?? (coding.length === 0 ? el.get(2) : undefined);
  const cc: CodeableConcept = { ...(coding.length > 0 ? { coding } : {}), ...(text !== undefined ? { text } : {}) };
  return { value: coding.length > 0 || text !== undefined ? cc : undefined, issues };
}

/** A single code (ID / IS) from HL7 table `table` → CodeableConcept via the mapper. */
export function tableValueToCodeableConcept(
  code: string | undefined,
  table: string,
  ctx: Hl7v2TranslateContext,
  location: string,
  target?: string,
): Mapped<CodeableConcept> {
  if (code === undefined) return { value: undefined, issues: [] };
  const out = mapCode(ctx, code, undefined, undefined, location, { table, ...(target !== undefined ? { target } : {}) });
  return { value: { coding: out.value ?? [] }, issues: out.issues };
}
