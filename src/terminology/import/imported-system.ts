/**
 * An imported code system (LOINC, ICD-10-CM, RxNorm, CVX, SNOMED CT, NDC): a header (url, version, property
 * definitions) and flat concepts with their parents, status, designations and properties, as the
 * importers produce them. Kept in `DATA_DIR/terminology/` as NDJSON of FHIR `CodeSystem.concept`
 * entries (see system-file.ts), never in the FHIR store; made an in-memory CodeSystem at first use.
 * https://hl7.org/fhir/R4/codesystem.html
 */
import type { CodeSystem, CodeSystemConcept, CodeSystemConceptProperty, CodeSystemProperty, Coding } from 'fhir/r4.js';

/** The distribution formats the importer reads. */
export const IMPORT_FORMATS = ['loinc', 'icd10cm', 'rxnorm', 'cvx', 'snomed', 'ndc'] as const;
export type ImportFormat = (typeof IMPORT_FORMATS)[number];

/** True when `x` names an import format. */
export function isImportFormat(x: string): x is ImportFormat {
  return (IMPORT_FORMATS as readonly string[]).includes(x);
}

/** What line 1 of a system file says. */
export interface ImportedSystemHeader {
  readonly format: ImportFormat;
  readonly url: string;
  readonly name: string;
  readonly title: string;
  readonly version?: string;
  /** True when concepts carry `parents` (is-a). */
  readonly hierarchical: boolean;
  readonly properties: readonly CodeSystemProperty[];
  readonly count: number;
  readonly importedAt: string;
  /** File names read (no directories). */
  readonly sources: readonly string[];
}

/** One designation of an imported concept. */
export interface ImportedDesignation {
  readonly value: string;
  readonly language?: string;
  readonly use?: Coding;
}

/** One concept (one NDJSON line after the header). */
export interface ImportedConcept {
  code: string;
  display?: string;
  inactive?: true;
  parents?: string[];
  designations?: ImportedDesignation[];
  /** Property code → value (strings, numbers, booleans only). */
  properties?: Record<string, string | number | boolean>;
}

/** The in-memory CodeSystem for an imported system, from its stored (flat) concepts. */
export function toCodeSystem(header: ImportedSystemHeader, concepts: CodeSystemConcept[]): CodeSystem {
  return {
    resourceType: 'CodeSystem',
    id: header.format,
    url: header.url,
    ...(header.version !== undefined && { version: header.version }),
    name: header.name,
    title: header.title,
    status: 'active',
    content: 'complete',
    caseSensitive: true,
    ...(header.hierarchical && { hierarchyMeaning: 'is-a' as const }),
    valueSet: `${header.url}?fhir_vs`,
    count: concepts.length,
    property: [...header.properties],
    concept: concepts,
  };
}

/** The property types of a header, for `toConcept`. */
export function propertyTypes(header: Pick<ImportedSystemHeader, 'properties'>): ReadonlyMap<string, string> {
  return new Map(header.properties.map((p) => [p.code, p.type]));
}

/** The stored form of a concept: a flat `CodeSystem.concept` (parents as `parent` properties). */
export function toConcept(c: ImportedConcept, types: ReadonlyMap<string, string>): CodeSystemConcept {
  const property: CodeSystemConceptProperty[] = [];
  for (const p of c.parents ?? []) property.push({ code: 'parent', valueCode: p });
  if (c.inactive === true) property.push({ code: 'inactive', valueBoolean: true });
  for (const [code, value] of Object.entries(c.properties ?? {})) property.push(propertyValue(code, value, types.get(code)));
  return {
    code: c.code,
    ...(c.display !== undefined && { display: c.display }),
    ...(c.designations !== undefined && c.designations.length > 0 && { designation: c.designations.map((d) => ({ ...d })) }),
    ...(property.length > 0 && { property }),
  };
}

function propertyValue(code: string, value: string | number | boolean, type: string | undefined): CodeSystemConceptProperty {
  if (typeof value === 'boolean') return { code, valueBoolean: value };
  if (typeof value === 'number') return Number.isInteger(value) ? { code, valueInteger: value } : { code, valueDecimal: value };
  return type === 'code' ? { code, valueCode: value } : { code, valueString: value };
}

/** The `inactive` / `parent` property definitions every imported system declares. */
export const COMMON_PROPERTIES: readonly CodeSystemProperty[] = [
  { code: 'inactive', uri: 'http://hl7.org/fhir/concept-properties#inactive', type: 'boolean', description: 'True when the concept is retired / deprecated / not active' },
];

/** The `parent` / `child` definitions for systems with a hierarchy. */
export const HIERARCHY_PROPERTIES: readonly CodeSystemProperty[] = [
  { code: 'parent', uri: 'http://hl7.org/fhir/concept-properties#parent', type: 'code', description: 'A direct parent (is-a)' },
  { code: 'child', uri: 'http://hl7.org/fhir/concept-properties#child', type: 'code', description: 'A direct child (is-a)' },
];
