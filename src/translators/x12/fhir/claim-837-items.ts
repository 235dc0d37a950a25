/**
 * 837 service lines (2400) → Claim.item: SV1 (professional), SV2 (institutional), SV3 (dental) with
 * modifiers, diagnosis pointers, quantities, place of service, service dates, line rendering provider,
 * NDC detail (2410 LIN / CTP) and tooth / surfaces (TOO). https://hl7.org/fhir/R4/claim.html
 * (Claim.item); X12 005010X222A1 / X223A2 / X224A2 loop 2400
 */
import type { ClaimItem, CodeableConcept, Quantity } from 'fhir/r4.js';
import { comp, el, loopIn, segmentIn, segmentsIn, type X12Loop } from '../transactions/index.js';
import { modifierConcept, procedureSystem } from './claim-837-coding.js';
import { dtpPeriod, money, num, text } from './common.js';
import { codeable, SYSTEMS, type X12TranslateContext } from './context.js';

/** Context an item needs from its claim. */
export interface ItemContext {
  readonly ctx: X12TranslateContext;
  /** Claim-level place of service (837P CLM05-1). */
  readonly placeOfService?: string;
  /** Claim-level service date (DTP 472 in 2300). */
  readonly claimServiceDate?: ReturnType<typeof dtpPeriod>;
  /** Adds a line provider loop to the care team and returns its sequence. */
  readonly careTeam: (loop: X12Loop) => number | undefined;
  /** Care team sequence of the claim's rendering provider, if any. */
  readonly claimRendering?: number;
}

const NOT_APPLICABLE: CodeableConcept = { coding: [{ system: 'http://terminology.hl7.org/CodeSystem/data-absent-reason', code: 'not-applicable' }] };

function quantity(value: string, unit: string): Quantity | undefined {
  const n = num(value);
  if (n === undefined) return undefined;
  return { value: n, ...(unit === '' ? {} : { unit, system: 'https://x12.org/codes/unit-or-basis-for-measurement-code', code: unit }) };
}

/** One Claim.item from a 2400 loop (`index` 0-based). */
export function mapServiceLine(lx: X12Loop, index: number, ic: ItemContext): ClaimItem {
  const { ctx } = ic;
  const sv1 = segmentIn(lx, 'SV1');
  const sv2 = segmentIn(lx, 'SV2');
  const sv3 = segmentIn(lx, 'SV3');
  const line = sv1 ?? sv3;
  const procElement = sv2 !== undefined ? 2 : 1;
  const proc = sv1 ?? sv2 ?? sv3;
  const qualifier = comp(proc, procElement, 1);
  const code = comp(proc, procElement, 2);
  const productOrService = code === '' ? NOT_APPLICABLE : codeable(ctx, procedureSystem(qualifier, code), code);
  const modifier = [3, 4, 5, 6].map((c) => comp(proc, procElement, c)).filter((m) => m !== '').map((m) => modifierConcept(ctx, m));
  const charge = sv2 !== undefined ? el(sv2, 3) : el(line, 2);
  const qty = sv1 !== undefined ? quantity(el(sv1, 4), el(sv1, 3)) : sv2 !== undefined ? quantity(el(sv2, 5), el(sv2, 4)) : quantity(el(sv3, 6), '');
  const pointers = sv1 !== undefined ? [1, 2, 3, 4].map((c) => comp(sv1, 7, c)) : sv3 !== undefined ? [1, 2, 3, 4].map((c) => comp(sv3, 11, c)) : [];
  const diagnosisSequence = pointers.map((p) => num(p)).filter((n): n is number => n !== undefined && n > 0);
  const pos = sv1 !== undefined ? el(sv1, 5) || ic.placeOfService || '' : sv3 !== undefined ? el(sv3, 3) || ic.placeOfService || '' : '';
  const served = dtpPeriod(segmentIn(lx, 'DTP', '472')) ?? {};
  const when = served.date !== undefined ? served : ic.claimServiceDate ?? {};
  const rendering = loopIn(lx, '2420A');
  const lineTeam = rendering === undefined ? undefined : ic.careTeam(rendering);
  const careTeamSequence = lineTeam !== undefined ? [lineTeam] : ic.claimRendering !== undefined ? [ic.claimRendering] : [];
  const lxNumber = num(el(segmentIn(lx, 'LX'), 1));
  const net = money(charge);
  const item: ClaimItem = {
    sequence: lxNumber !== undefined && Number.isInteger(lxNumber) && lxNumber > 0 ? lxNumber : index + 1,
    ...(careTeamSequence.length > 0 ? { careTeamSequence } : {}),
    ...(diagnosisSequence.length > 0 ? { diagnosisSequence } : {}),
    ...(sv2 !== undefined && el(sv2, 1) !== '' ? { revenue: codeable(ctx, SYSTEMS.revenue, el(sv2, 1)) } : {}),
    productOrService,
    ...(modifier.length > 0 ? { modifier } : {}),
    ...(when.period !== undefined && when.period.start !== when.period.end ? { servicedPeriod: when.period } : when.date !== undefined ? { servicedDate: when.date } : {}),
    ...(pos === '' ? {} : { locationCodeableConcept: codeable(ctx, SYSTEMS.pos, pos) }),
    ...(qty === undefined ? {} : { quantity: qty }),
    ...(net === undefined ? {} : { net }),
    ...dental(lx, ctx),
  };
  const drug = loopIn(lx, '2410');
  if (drug !== undefined) {
    const lin = segmentIn(drug, 'LIN');
    const ctp = segmentIn(drug, 'CTP');
    const ndcQty = quantity(el(ctp, 4), comp(ctp, 5, 1));
    item.detail = [{
      sequence: 1,
      productOrService: codeable(ctx, procedureSystem(el(lin, 2), text(lin, 3)), text(lin, 3)),
      ...(ndcQty === undefined ? {} : { quantity: ndcQty }),
    }];
  }
  return item;
}

/**
 * 837D tooth (TOO02, ADA universal numbering) and surfaces (TOO03) → bodySite / subSite, or, without
 * a tooth, the first oral cavity designation (SV304) → bodySite: the CARIN BB oral EOB code systems.
 * https://hl7.org/fhir/us/carin-bb/ValueSet-OralBodySite.html · ValueSet-C4BBSurfaceCodes.html
 */
function dental(lx: X12Loop, ctx: X12TranslateContext): Pick<ClaimItem, 'bodySite' | 'subSite'> {
  const too = segmentsIn(lx, 'TOO')[0];
  const cavity = comp(segmentIn(lx, 'SV3'), 4, 1);
  if (too === undefined || el(too, 2) === '') {
    return cavity === '' ? {} : { bodySite: codeable(ctx, 'http://terminology.hl7.org/CodeSystem/ADAAreaOralCavitySystem', cavity) };
  }
  const surfaces = [1, 2, 3, 4, 5].map((c) => comp(too, 3, c)).filter((s) => s !== '');
  return {
    bodySite: codeable(ctx, 'http://terminology.hl7.org/CodeSystem/ADAUniversalToothDesignationSystem', el(too, 2)),
    ...(surfaces.length > 0 ? { subSite: surfaces.map((s) => codeable(ctx, 'http://terminology.hl7.org/CodeSystem/ADAToothSurfaceCodes', s)) } : {}),
  };
}
