/**
 * XTN → ContactPoint: value from XTN.12 (unformatted), else XTN.4 (e-mail), else the number parts
 * (+XTN.5 (XTN.6) XTN.7 X XTN.8), else XTN.1; use XTN.2 (table 0201), system XTN.3 (table 0202).
 * https://build.fhir.org/ig/HL7/v2-to-fhir/ConceptMap-datatype-xtn-to-contactpoint.html
 */
import type { ContactPoint } from 'fhir/r4.js';
import type { Hl7v2TranslateContext } from '../types.js';
import type { V2Element } from '../element.js';
import { IssueSink, type Mapped } from '../result.js';
import { mapTableCode } from '../segments/table-code.js';

type CpSystem = NonNullable<ContactPoint['system']>;
type CpUse = NonNullable<ContactPoint['use']>;

function composedNumber(el: V2Element): string | undefined {
  const [country, area, local, ext] = [el.get(5), el.get(6), el.get(7), el.get(8)];
  if (local === undefined) return undefined;
  return `${country !== undefined ? `+${country} ` : ''}${area !== undefined ? `(${area}) ` : ''}${local}${ext !== undefined ? ` X${ext}` : ''}`;
}

/** XTN element → ContactPoint (undefined when it holds no value). */
export function xtnToContactPoint(el: V2Element, ctx: Hl7v2TranslateContext): Mapped<ContactPoint> {
  const sink = new IssueSink();
  const email = el.get(4);
  const value = el.get(12) ?? email ?? composedNumber(el) ?? el.get(1);
  if (value === undefined) return sink.result<ContactPoint>(undefined);
  const equipment = mapTableCode<CpSystem>(ctx, '0202', el.get(3), 'http://hl7.org/fhir/contact-point-system', `${el.location}.3`, {
    allowed: ['phone', 'fax', 'email', 'pager', 'url', 'sms', 'other'],
  });
  const use = mapTableCode<CpUse>(ctx, '0201', el.get(2), 'http://hl7.org/fhir/contact-point-use', `${el.location}.2`, {
    allowed: ['home', 'work', 'temp', 'old', 'mobile'],
  });
  // Some equipment types are a use, not a system (CP cellular phone → mobile): table 0202 maps those to contact-point-use.
  const equipmentUse = equipment.code === undefined && el.get(3) !== undefined
    ? mapTableCode<CpUse>(ctx, '0202', el.get(3), 'http://hl7.org/fhir/contact-point-use', `${el.location}.3`, { allowed: ['home', 'work', 'temp', 'old', 'mobile'] }).code
    : undefined;
  sink.add(...(equipmentUse === undefined ? equipment.issues : []), ...use.issues);
  // cpt-2: a value needs a system; without XTN.3 an address with '@' is e-mail, anything else a phone.
  const system: CpSystem = equipment.code ?? (value.includes('@') ? 'email' : 'phone');
  const cp: ContactPoint = {
    system,
    value,
    ...(use.code ?? equipmentUse) !== undefined ? { use: use.code ?? equipmentUse } : {},
  };
  return sink.result(cp);
}
