/**
 * UcumTerminologyService: the local terminology service, plus UCUM (http://unitsofmeasure.org) as a
 * code system whose members are every valid UCUM expression: CodeSystem/$lookup and
 * CodeSystem/$validate-code answer through validate-ucum.ts, and ValueSet/$validate-code does for
 * ValueSets that include all of UCUM (such as http://hl7.org/fhir/ValueSet/ucum-units); expanding such
 * a ValueSet is a 400 `too-costly` (the grammar has no end). Everything else is the LocalTerminologyService's.
 * https://hl7.org/fhir/R4/ucum.html ; https://hl7.org/fhir/R4/terminology-service.html
 */
import type { ValueSet } from 'fhir/r4.js';
import { fail, issue, notFound } from '../../core/outcomes.js';
import type {
  CodeSystemValidateRequest, ExpandRequest, LookupRequest, LookupResult, ValidateCodeResult, ValueSetValidateRequest,
} from '../../ports/terminology-service.js';
import { LocalTerminologyService } from '../local/local-terminology-service.js';
import { UCUM_URL, validateUcum } from './validate-ucum.js';

/** The local service with UCUM answered by the UCUM library. */
export class UcumTerminologyService extends LocalTerminologyService {
  override lookupNow(req: LookupRequest): LookupResult {
    if (req.system !== UCUM_URL) return super.lookupNow(req);
    const v = validateUcum(req.code);
    if (!v.valid) throw notFound(`Code ${req.code} not found in ${UCUM_URL}: ${v.message ?? 'not a valid UCUM expression'}`);
    return { name: 'UCUM', display: v.display ?? req.code, abstract: false, designations: [], properties: [] };
  }

  override validateInCodeSystemNow(req: CodeSystemValidateRequest): ValidateCodeResult {
    return req.url === UCUM_URL ? ucumResult(req.code) : super.validateInCodeSystemNow(req);
  }

  override validateInValueSetNow(req: ValueSetValidateRequest): ValidateCodeResult {
    const ucum = req.codings.find((c) => c.system === UCUM_URL);
    if (ucum === undefined || !this.includesAllOfUcum(req.valueSet, req.valueSetVersion)) return super.validateInValueSetNow(req);
    const result = ucumResult(ucum.code);
    if (result.result) return { ...result, matched: { system: UCUM_URL, code: ucum.code } };
    const others = req.codings.filter((c) => c !== ucum);
    return others.length === 0 ? result : super.validateInValueSetNow({ ...req, codings: others });
  }

  override expandNow(req: ExpandRequest): ValueSet {
    if (this.includesAllOfUcum(req.valueSet, req.valueSetVersion)) {
      throw fail('invalid', 'This ValueSet includes all of UCUM, an unbounded grammar: it cannot be expanded (use $validate-code)', 'url', 'too-costly');
    }
    return super.expandNow(req);
  }

  /** True for a ValueSet whose compose includes the whole UCUM system (no concept list, no filter). */
  private includesAllOfUcum(valueSet: string | ValueSet, version: string | undefined): boolean {
    const vs = typeof valueSet === 'string' ? this.content.resolve('ValueSet', valueSet, version) : valueSet;
    return vs?.compose?.include.some((i) => i.system === UCUM_URL && i.concept === undefined && i.filter === undefined && i.valueSet === undefined) === true;
  }
}

function ucumResult(code: string): ValidateCodeResult {
  const v = validateUcum(code);
  if (v.valid) return { result: true, ...(v.display !== undefined && { display: v.display }), issues: [] };
  const message = `${code} is not a valid UCUM code: ${v.message ?? ''}`.trim();
  return { result: false, message, issues: [issue('error', 'code-invalid', message, 'code')] };
}
