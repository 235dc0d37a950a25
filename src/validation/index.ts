/** Resource validation: JSON schema here, StructureDefinition profiles in ./profile/. https://hl7.org/fhir/R4/validation.html */
export type { ResourceValidator } from './types.js';
export { createSchemaValidator, type SchemaValidatorOptions } from './schema-validator.js';
