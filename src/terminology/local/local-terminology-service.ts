/**
 * LocalTerminologyService: the terminology port over in-memory indexes of the CodeSystems, ValueSets
 * and ConceptMaps in a TerminologyContent registry. https://hl7.org/fhir/R4/terminology-service.html
 */
import type { CodeSystem, OperationOutcomeIssue, ValueSet } from 'fhir/r4.js';
import { badRequest, issue, notFound } from '../../core/outcomes.js';
import type {
  CodeRef, CodeSystemValidateRequest, ConceptPropertyValue, ExpandRequest, LookupRequest, LookupResult, SubsumesRequest,
  SubsumptionOutcome, TerminologyService, TranslateRequest, TranslateResult, ValidateCodeResult, ValueSetValidateRequest,
} from '../../ports/terminology-service.js';
import { CodeSystemIndex, type ConceptNode } from './code-system-index.js';
import { ConceptMapTranslator } from './concept-map-translator.js';
import type { TerminologyContent } from './content-registry.js';
import { expansionPage } from './expansion-page.js';
import { ValueSetExpander, type ExpansionItem } from './value-set-expander.js';

/** Wiring for the local service. */
export interface LocalTerminologyOptions {
  readonly content: TerminologyContent;
  /** Stamps `expansion.timestamp`. */
  readonly clock: () => Date;
}

/** In-memory terminology service. The `*Now` methods are the synchronous forms for hot paths. */
export class LocalTerminologyService implements TerminologyService {
  readonly content: TerminologyContent;
  private readonly clock: () => Date;
  private readonly expander: ValueSetExpander;
  private readonly translator: ConceptMapTranslator;

  constructor(options: LocalTerminologyOptions) {
    this.content = options.content;
    this.clock = options.clock;
    this.expander = new ValueSetExpander(this.content);
    this.translator = new ConceptMapTranslator(this.content);
  }

  lookup(req: LookupRequest): Promise<LookupResult> {
    return attempt(() => this.lookupNow(req));
  }
  validateCodeInCodeSystem(req: CodeSystemValidateRequest): Promise<ValidateCodeResult> {
    return attempt(() => this.validateInCodeSystemNow(req));
  }
  validateCodeInValueSet(req: ValueSetValidateRequest): Promise<ValidateCodeResult> {
    return attempt(() => this.validateInValueSetNow(req));
  }
  expand(req: ExpandRequest): Promise<ValueSet> {
    return attempt(() => this.expandNow(req));
  }
  translate(req: TranslateRequest): Promise<TranslateResult> {
    return attempt(() => this.translateNow(req));
  }
  subsumes(req: SubsumesRequest): Promise<SubsumptionOutcome> {
    return attempt(() => this.subsumesNow(req));
  }

  /** $lookup, synchronously. */
  lookupNow(req: LookupRequest): LookupResult {
    const { cs, index } = this.codeSystem(req.system, req.version);
    const node = index.get(req.code);
    if (node === undefined) throw notFound(`Code ${req.code} not found in ${req.system}`);
    const wanted = req.properties === undefined ? undefined : new Set(req.properties);
    const properties: ConceptPropertyValue[] = [];
    const add = (p: ConceptPropertyValue): void => {
      if (wanted === undefined || wanted.has(p.code)) properties.push(p);
    };
    for (const p of node.parents) add({ code: 'parent', value: p });
    for (const c of node.children) add({ code: 'child', value: c });
    if (node.inactive) add({ code: 'inactive', value: true });
    for (const p of node.properties) {
      if (p.code === 'parent' || p.code === 'child') continue;
      const value = p.valueCode ?? p.valueCoding ?? p.valueString ?? p.valueInteger ?? p.valueBoolean ?? p.valueDateTime ?? p.valueDecimal;
      if (value !== undefined) add({ code: p.code, value });
    }
    return {
      name: cs.name ?? cs.title ?? cs.url ?? '',
      ...(cs.version !== undefined && { version: cs.version }),
      ...(node.display !== undefined && { display: node.display }),
      ...(node.definition !== undefined && { definition: node.definition }),
      abstract: node.abstract,
      designations: wanted === undefined || wanted.has('designation') ? node.designations : [],
      properties,
    };
  }

  /** CodeSystem/$validate-code, synchronously. */
  validateInCodeSystemNow(req: CodeSystemValidateRequest): ValidateCodeResult {
    const { index } = this.codeSystem(req.url, req.version);
    const node = index.get(req.code);
    if (node === undefined) return invalidCode(`Unknown code ${req.url}|${req.code}`);
    return valid(node, req.display, undefined);
  }

  /** ValueSet/$validate-code, synchronously. */
  validateInValueSetNow(req: ValueSetValidateRequest): ValidateCodeResult {
    if (req.codings.length === 0) throw badRequest('validate-code needs code and system, coding or codeableConcept', 'code');
    const exp = this.expander.expansionOf(req.valueSet, req.valueSetVersion);
    for (const coding of req.codings) {
      const item = exp.get(coding.system, coding.code) ?? this.caseInsensitiveMember(exp.get.bind(exp), coding);
      if (item === undefined || (req.activeOnly === true && item.inactive)) continue;
      return valid(item, coding.display, item);
    }
    const which = typeof req.valueSet === 'string' ? req.valueSet : req.valueSet.url ?? 'the ValueSet';
    return invalidCode(`None of ${req.codings.map((c) => `${c.system}|${c.code}`).join(', ')} is in ${which}`);
  }

  /** $expand, synchronously. */
  expandNow(req: ExpandRequest): ValueSet {
    return expansionPage(this.expander.expansionOf(req.valueSet, req.valueSetVersion), req, this.clock());
  }

  /** $translate, synchronously (the pipeline's hot path). */
  translateNow(req: TranslateRequest): TranslateResult {
    return this.translator.translate(req);
  }

  /** $subsumes, synchronously. */
  subsumesNow(req: SubsumesRequest): SubsumptionOutcome {
    const { index } = this.codeSystem(req.system, req.version);
    for (const [code, name] of [[req.codeA, 'codeA'], [req.codeB, 'codeB']] as const) {
      if (index.get(code) === undefined) throw badRequest(`Code ${code} not found in ${req.system}`, name);
    }
    if (index.get(req.codeA)?.code === index.get(req.codeB)?.code) return 'equivalent';
    if (index.isA(req.codeB, req.codeA)) return 'subsumes';
    if (index.isA(req.codeA, req.codeB)) return 'subsumed-by';
    return 'not-subsumed';
  }

  private codeSystem(url: string, version: string | undefined): { cs: CodeSystem; index: CodeSystemIndex } {
    const cs = this.content.resolve('CodeSystem', url, version);
    if (cs === undefined) throw notFound(`CodeSystem ${url}${version === undefined ? '' : '|' + version} not found`);
    return { cs, index: CodeSystemIndex.of(cs) };
  }

  /** Membership for case-insensitive code systems. */
  private caseInsensitiveMember(get: (s: string, c: string) => ExpansionItem | undefined, coding: CodeRef): ExpansionItem | undefined {
    const cs = this.content.resolve('CodeSystem', coding.system);
    if (cs?.caseSensitive !== false) return undefined;
    const node: ConceptNode | undefined = CodeSystemIndex.of(cs).get(coding.code);
    return node === undefined ? undefined : get(coding.system, node.code);
  }
}

const NO_ISSUES: readonly OperationOutcomeIssue[] = Object.freeze([]);

/** A positive answer; a display that is neither the concept's display nor a designation adds a warning. */
function valid(
  concept: { readonly display: string | undefined; readonly designations: readonly { readonly value: string }[]; readonly inactive: boolean },
  display: string | undefined,
  matched: ExpansionItem | undefined,
): ValidateCodeResult {
  let issues = NO_ISSUES;
  let message: string | undefined;
  if (display !== undefined && concept.display !== undefined && !sameText(display, concept.display) && !concept.designations.some((d) => sameText(display, d.value))) {
    message = `Display "${display}" does not match the expected "${concept.display}"`;
    issues = [issue('warning', 'invalid', message, 'display')];
  }
  if (concept.inactive) issues = [...issues, issue('warning', 'business-rule', 'The code is inactive', 'code')];
  const out: { -readonly [K in keyof ValidateCodeResult]: ValidateCodeResult[K] } = { result: true, issues };
  if (concept.display !== undefined) out.display = concept.display;
  if (message !== undefined) out.message = message;
  if (matched !== undefined) out.matched = matchedRef(matched);
  return out;
}

const matchedRefs = new WeakMap<ExpansionItem, CodeRef>();
/** The frozen CodeRef of an expansion member (made once). */
function matchedRef(item: ExpansionItem): CodeRef {
  let ref = matchedRefs.get(item);
  if (ref === undefined) {
    ref = Object.freeze(item.version === undefined ? { system: item.system, code: item.code } : { system: item.system, code: item.code, version: item.version });
    matchedRefs.set(item, ref);
  }
  return ref;
}

const sameText = (a: string, b: string): boolean => a === b || a.toLowerCase() === b.toLowerCase();

function invalidCode(message: string): ValidateCodeResult {
  return { result: false, message, issues: [issue('error', 'code-invalid', message, 'code')] };
}

function attempt<T>(work: () => T): Promise<T> {
  try {
    return Promise.resolve(work());
  } catch (e) {
    return Promise.reject(e instanceof Error ? e : new Error(String(e)));
  }
}
