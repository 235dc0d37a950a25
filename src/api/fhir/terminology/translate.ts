/**
 * `ConceptMap/$translate` (GET / POST, type and instance level): map a code through ConceptMaps.
 * Inputs: `code` + `system` (+ `version`), `coding` or `codeableConcept`; `url` / `conceptMapVersion`
 * (or the stored map), `source`, `target`, `targetsystem`, `dependency` (parts `element`, `concept`),
 * `reverse`. Outputs: `result`, `message`, `match` (parts `equivalence`, `concept`, `product`, `source`).
 * An unknown ConceptMap url is a 404; an unmapped code is `result=false`.
 * https://hl7.org/fhir/R4/conceptmap-operation-translate.html
 */
import type { Coding, Parameters } from 'fhir/r4.js';
import { badRequest } from '../../../core/outcomes.js';
import type { TranslateDependency, TranslateMatch, TranslateRequest } from '../../../ports/terminology-service.js';
import type { OperationCall } from './operation.js';
import { ParametersBuilder, type OperationInput } from './parameters.js';

/** The codings to translate (one form only). */
function codingsOf(input: OperationInput): Coding[] {
  const code = input.string('code');
  const coding = input.coding('coding');
  const concept = input.codeableConcept('codeableConcept');
  if ([code, coding, concept].filter((x) => x !== undefined).length !== 1) {
    throw badRequest('Give exactly one of code (with system), coding or codeableConcept', 'code');
  }
  if (code !== undefined) {
    const system = input.string('system');
    if (system === undefined) throw badRequest('Parameter system is required with code', 'system');
    const version = input.string('version');
    return [{ system, code, ...(version !== undefined && { version }) }];
  }
  const list = coding !== undefined ? [coding] : concept?.coding ?? [];
  for (const c of list) if (c.system === undefined) throw badRequest('Each coding needs a system', 'coding');
  return list;
}

/** `dependency` parameters: `element` (uri) and `concept` (a CodeableConcept; its first coding is used). */
function dependenciesOf(input: OperationInput): TranslateDependency[] {
  return input.parts('dependency').map((part) => {
    const property = part.string('element');
    const coding = part.codeableConcept('concept')?.coding?.[0];
    if (property === undefined || coding?.code === undefined) throw badRequest('A dependency needs element and concept', 'dependency');
    return { property, value: coding.code, ...(coding.system !== undefined && { system: coding.system }) };
  });
}

function matchParts(m: TranslateMatch): ParametersBuilder {
  const parts = new ParametersBuilder().add('equivalence', 'valueCode', m.equivalence).add('concept', 'valueCoding', m.concept);
  for (const p of m.product ?? []) parts.addParts('product', new ParametersBuilder().add('element', 'valueUri', p.property).add('concept', 'valueCoding', p.concept));
  return parts.add('source', 'valueUri', m.source);
}

/** Runs $translate. */
export async function translate({ input, instance, terminology }: OperationCall<'ConceptMap'>): Promise<Parameters> {
  if (input.has('conceptMap')) throw badRequest('The conceptMap parameter is not supported; store the ConceptMap and use its url', 'conceptMap');
  const url = instance?.url ?? input.string('url');
  const mapVersion = input.string('conceptMapVersion') ?? instance?.version;
  const source = input.string('source');
  const target = input.string('target');
  const targetSystem = input.string('targetsystem');
  const reverse = input.boolean('reverse');
  const dependsOn = dependenciesOf(input);
  const common = {
    ...(url !== undefined && { url }),
    ...(mapVersion !== undefined && { conceptMapVersion: mapVersion }),
    ...(source !== undefined && { source }),
    ...(target !== undefined && { target }),
    ...(targetSystem !== undefined && { targetSystem }),
    ...(reverse !== undefined && { reverse }),
    ...(dependsOn.length > 0 && { dependsOn }),
  };
  const matches: TranslateMatch[] = [];
  let result = false;
  const messages: string[] = [];
  for (const c of codingsOf(input)) {
    const req: TranslateRequest = {
      ...common, system: c.system ?? '', code: c.code ?? '',
      ...(c.version !== undefined && { version: c.version }),
    };
    const answer = await terminology.translate(req);
    result ||= answer.result;
    matches.push(...answer.matches);
    if (answer.message !== undefined) messages.push(answer.message);
  }
  const out = new ParametersBuilder().add('result', 'valueBoolean', result).add('message', 'valueString', messages.length > 0 ? messages.join('; ') : undefined);
  for (const m of matches) out.addParts('match', matchParts(m));
  return out.build();
}
