/**
 * XAD → Address: line XAD.1.1 / XAD.2, city XAD.3, state XAD.4, postal code XAD.5, country XAD.6,
 * use / type from XAD.7 (table 0190 → address-use / address-type), district XAD.9, period XAD.12–14.
 * https://build.fhir.org/ig/HL7/v2-to-fhir/ConceptMap-datatype-xad-to-address.html
 */
import type { Address } from 'fhir/r4.js';
import type { Hl7v2TranslateContext } from '../types.js';
import type { V2Element } from '../element.js';
import { IssueSink, type Mapped } from '../result.js';
import { mapTableCode } from '../segments/table-code.js';
import { dtmToDateTime } from './dtm.js';

type AddressUse = NonNullable<Address['use']>;
type AddressType = NonNullable<Address['type']>;

/** XAD element → Address (undefined when empty). */
export function xadToAddress(el: V2Element, ctx: Hl7v2TranslateContext): Mapped<Address> {
  if (el.isEmpty) return { value: undefined, issues: [] };
  const sink = new IssueSink();
  const line = [el.child(1).get(1), el.get(2)].filter((l): l is string => l !== undefined);
  const typeCode = el.get(7);
  let use: AddressUse | undefined;
  let type: AddressType | undefined;
  if (typeCode !== undefined) {
    // Table 0190 values map either to a use (H → home) or a type (M → postal); ask for both, quietly.
    const u = mapTableCode<AddressUse>(ctx, '0190', typeCode, 'http://hl7.org/fhir/address-use', `${el.location}.7`, { allowed: ['home', 'work', 'temp', 'old', 'billing'] });
    const t = mapTableCode<AddressType>(ctx, '0190', typeCode, 'http://hl7.org/fhir/address-type', `${el.location}.7`, { allowed: ['postal', 'physical', 'both'] });
    use = u.code;
    type = t.code;
    if (use === undefined && type === undefined) sink.add(...u.issues);
  }
  const start = sink.take(dtmToDateTime(el.get(13) ?? el.child(12).get(1), `${el.location}.13`));
  const end = sink.take(dtmToDateTime(el.get(14) ?? el.child(12).get(2), `${el.location}.14`));
  const fields: Array<[keyof Address, string | undefined]> = [['city', el.get(3)], ['district', el.get(9)], ['state', el.get(4)], ['postalCode', el.get(5)], ['country', el.get(6)]];
  const address: Address = {
    ...(use !== undefined ? { use } : {}),
    ...(type !== undefined ? { type } : {}),
    ...(line.length > 0 ? { line } : {}),
    ...Object.fromEntries(fields.filter(([, v]) => v !== undefined)),
    ...(start !== undefined || end !== undefined ? { period: { ...(start !== undefined ? { start } : {}), ...(end !== undefined ? { end } : {}) } } : {}),
  };
  return sink.result(Object.keys(address).length > 0 ? address : undefined);
}
