/**
 * OBX-6 (units, CWE) → the unit part of a FHIR Quantity. A unit is written as UCUM
 * (`system` http://unitsofmeasure.org + `code`) when the sender says so (OBX-6.3 `UCUM`, or OBX-6.6 for
 * the alternate unit), when the CodeMapper maps the sender's unit to UCUM, or when the unit is one of the
 * common UCUM units listed below; otherwise only `unit` (the text) is kept and no system is invented.
 * V2-to-FHIR IG: CWE[Quantity] · https://ucum.org/ucum · https://hl7.org/fhir/R4/datatypes.html#Quantity
 */
import type { Quantity } from 'fhir/r4.js';
import type { Hl7Segment } from '../../parser/index.js';
import type { Hl7v2TranslateContext } from '../types.js';
import { codingSystemUri } from '../datatypes/coding-systems.js';

/** UCUM system url. */
export const UCUM_SYSTEM = 'http://unitsofmeasure.org';

/**
 * Common lab and vital-sign units that are valid UCUM codes as written (case-sensitive). Data, not
 * logic: extend it, or map other local units through a ConceptMap to UCUM.
 */
const KNOWN_UCUM = new Set([
  '%', '/min', '/uL', '/mm3', '/[HPF]', '/[LPF]', '1', '10*3/uL', '10*6/uL', '10*9/L', '10*12/L', '10*3/mm3', '10*6/mm3',
  'a', 'd', 'h', 'min', 's', 'ms', 'wk', 'mo', 'cm', 'mm', 'm', 'km', 'kg', 'g', 'mg', 'ug', 'ng', 'pg', 'L', 'dL', 'mL', 'uL', 'fL',
  'g/dL', 'g/L', 'mg/dL', 'mg/L', 'ug/dL', 'ug/L', 'ug/mL', 'ng/mL', 'ng/dL', 'ng/L', 'pg/mL', 'mmol/L', 'umol/L', 'nmol/L',
  'pmol/L', 'mol/L', 'meq/L', 'mEq/L', 'U/L', 'U/mL', 'mU/L', 'mU/mL', '[IU]/L', '[IU]/mL', 'm[IU]/L', 'm[IU]/mL', 'u[IU]/mL',
  'mm[Hg]', 'cm[H2O]', 'Cel', '[degF]', 'kg/m2', 'm2', 'mL/min', 'mL/min/{1.73_m2}', 'mL/min/1.73.m2', 'g/24.h', 'mg/24.h',
  'mosm/kg', 'mosm/L', '[pH]', '{ratio}', '{index}', '{score}', '{cells}/uL', '{beats}/min', '{breaths}/min', '[lb_av]',
  '[oz_av]', '[in_i]', '[ft_i]', 'kPa', 'Pa', 'bar', 'mbar', 'ms', 'mm/h', 'pg/cell', 'g/mol', 'mL/kg', 'L/min', 'Ohm', 'V', 'mV',
]);

/** Unit coding systems in OBX-6.3 / 6.6 that mean UCUM. */
const UCUM_NAMES = new Set(['UCUM', 'http://unitsofmeasure.org', 'urn:oid:2.16.840.1.113883.6.8', '2.16.840.1.113883.6.8']);

/** The unit fields of a Quantity (no value). */
export type QuantityUnit = Pick<Quantity, 'unit' | 'system' | 'code'>;

/**
 * Reads the CWE unit at `field` of `seg` (OBX-6 by default) and returns the Quantity unit fields;
 * `{}` when there is no unit.
 */
export function mapUnit(seg: Hl7Segment, ctx: Hl7v2TranslateContext, field = 6): QuantityUnit {
  const code = seg.get(`${field}.1`) ?? undefined;
  const text = seg.get(`${field}.2`) ?? undefined;
  const system = seg.get(`${field}.3`) ?? undefined;
  const altCode = seg.get(`${field}.4`) ?? undefined;
  const altSystem = seg.get(`${field}.6`) ?? undefined;
  const label = text ?? code ?? altCode;
  if (code === undefined && altCode === undefined) return label === undefined ? {} : { unit: label };
  if (code !== undefined && system !== undefined && UCUM_NAMES.has(system)) return { unit: text ?? code, system: UCUM_SYSTEM, code };
  if (altCode !== undefined && altSystem !== undefined && UCUM_NAMES.has(altSystem)) {
    return { unit: label ?? altCode, system: UCUM_SYSTEM, code: altCode };
  }
  const sourceSystem = system === undefined ? undefined : codingSystemUri(system);
  if (code !== undefined && sourceSystem !== undefined) {
    // A sender's local unit: a ConceptMap may map it to UCUM.
    const mapped = ctx.codes.map({ system: sourceSystem, code, ...(text === undefined ? {} : { display: text }), target: UCUM_SYSTEM }, { source: ctx.source });
    const ucum = mapped.mapped ? mapped.codings.find((c) => c.system === UCUM_SYSTEM && c.code !== undefined) : undefined;
    if (ucum?.code !== undefined) return { unit: text ?? code, system: UCUM_SYSTEM, code: ucum.code };
  }
  if (code !== undefined && KNOWN_UCUM.has(code)) return { unit: text ?? code, system: UCUM_SYSTEM, code };
  return { unit: label ?? code };
}


/** True when `code` is in the list of common UCUM units (exported for tests and other mappers). */
export function isKnownUcum(code: string): boolean {
  return KNOWN_UCUM.has(code);
}
