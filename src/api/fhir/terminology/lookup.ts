/**
 * `CodeSystem/$lookup` (GET / POST, type and instance level): display, designations and properties
 * (`parent` / `child` included) of a code. Inputs: `code` + `system` (+ `version`), or `coding`;
 * `property` (repeating) narrows the properties returned. An unknown code or system is a 404.
 * https://hl7.org/fhir/R4/codesystem-operation-lookup.html
 */
import type { Parameters } from 'fhir/r4.js';
import { badRequest } from '../../../core/outcomes.js';
import type { LookupRequest } from '../../../ports/terminology-service.js';
import type { OperationCall } from './operation.js';
import { ParametersBuilder, valueKey } from './parameters.js';
import { codeInSystem } from './code-input.js';

/** Runs $lookup. */
export async function lookup({ input, instance, terminology }: OperationCall<'CodeSystem'>): Promise<Parameters> {
  const ref = codeInSystem(input, instance, { code: 'code', system: 'system', version: 'version', coding: 'coding' });
  if (ref.system === undefined) throw badRequest('$lookup needs a system (or a coding with one)', 'system');
  const properties = input.strings('property');
  const req: LookupRequest = {
    system: ref.system, code: ref.code,
    ...(ref.version !== undefined && { version: ref.version }),
    ...(properties.length > 0 && { properties }),
  };
  const result = await terminology.lookup(req);
  const out = new ParametersBuilder()
    .add('name', 'valueString', result.name)
    .add('version', 'valueString', result.version)
    .add('display', 'valueString', result.display)
    .add('abstract', 'valueBoolean', result.abstract);
  for (const d of result.designations) {
    out.addParts('designation', new ParametersBuilder().add('language', 'valueCode', d.language).add('use', 'valueCoding', d.use).add('value', 'valueString', d.value));
  }
  if (result.definition !== undefined && (properties.length === 0 || properties.includes('definition'))) {
    out.addParts('property', new ParametersBuilder().add('code', 'valueCode', 'definition').add('value', 'valueString', result.definition));
  }
  for (const p of result.properties) {
    const key = p.code === 'parent' || p.code === 'child' ? 'valueCode' : valueKey(p.value);
    out.addParts('property', new ParametersBuilder().add('code', 'valueCode', p.code).add('value', key, p.value).add('description', 'valueString', p.description));
  }
  return out.build();
}
