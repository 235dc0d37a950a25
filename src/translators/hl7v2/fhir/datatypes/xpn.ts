/**
 * XPN → HumanName: family XPN.1.1, given XPN.2 and XPN.3, suffix XPN.4 / XPN.6 / XPN.14, prefix XPN.5,
 * use from XPN.7 (table 0200 → name-use through the CodeMapper), period XPN.12–13 (or XPN.10).
 * https://build.fhir.org/ig/HL7/v2-to-fhir/ConceptMap-datatype-xpn-to-humanname.html
 */
import type { HumanName } from 'fhir/r4.js';
import type { Hl7v2TranslateContext } from '../types.js';
import type { V2Element } from '../element.js';
import { IssueSink, type Mapped } from '../result.js';
import { mapTableCode } from '../segments/table-code.js';
import { dtmToDateTime } from './dtm.js';

type NameUse = NonNullable<HumanName['use']>;
const NAME_USES: readonly NameUse[] = ['usual', 'official', 'temp', 'nickname', 'anonymous', 'old', 'maiden'];

/** XPN element → HumanName (undefined when it holds no name part). */
export function xpnToHumanName(el: V2Element, ctx: Hl7v2TranslateContext): Mapped<HumanName> {
  const sink = new IssueSink();
  const family = el.child(1).get(1);
  const given = [el.get(2), el.get(3)].filter((g): g is string => g !== undefined);
  const suffix = [el.get(4), el.get(6), el.get(14)].filter((s): s is string => s !== undefined);
  const prefix = el.get(5);
  if (family === undefined && given.length === 0 && prefix === undefined && suffix.length === 0) return sink.result<HumanName>(undefined);
  const use = mapTableCode<NameUse>(ctx, '0200', el.get(7), 'http://hl7.org/fhir/name-use', `${el.location}.7`, { allowed: NAME_USES });
  sink.add(...use.issues);
  const start = sink.take(dtmToDateTime(el.get(12) ?? el.child(10).get(1), `${el.location}.12`));
  const end = sink.take(dtmToDateTime(el.get(13) ?? el.child(10).get(2), `${el.location}.13`));
  const name: HumanName = {
    ...(use.code !== undefined ? { use: use.code } : {}),
    ...(family !== undefined ? { family } : {}),
    ...(given.length > 0 ? { given } : {}),
    ...(prefix !== undefined ? { prefix: [prefix] } : {}),
    ...(suffix.length > 0 ? { suffix } : {}),
    ...(start !== undefined || end !== undefined ? { period: { ...(start !== undefined ? { start } : {}), ...(end !== undefined ? { end } : {}) } } : {}),
  };
  return sink.result(name);
}
