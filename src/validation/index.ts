/** Resource validation (JSON schema now; StructureDefinition profiles later). https://hl7.org/fhir/R4/validation.html */
export type { ResourceValidator } from './types.js';
export { createSchemaValidator, type SchemaValidatorOptions } from './schema-validator.js';
