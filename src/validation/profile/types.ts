/**
 * Types of the StructureDefinition profile validator: the compiled plan of a profile and the ports it
 * uses. https://hl7.org/fhir/R4/profiling.html and https://hl7.org/fhir/R4/validation.html#profile
 */
import type { OperationOutcomeIssue } from 'fhir/r4.js';

/** A coded value handed to the binding check (`system` is absent for `code` / `string` elements). */
export interface CodedValue {
  readonly system?: string;
  readonly code: string;
  readonly display?: string;
}

/**
 * Synchronous value-set membership: true / false, or undefined when the value set (or its code
 * system) is not known here, in which case the binding is reported as not checked (a warning).
 */
export type CodeValidator = (valueSetUrl: string, value: CodedValue) => boolean | undefined;

/** A FHIRPath invariant compiled once. */
export interface ConstraintPlan {
  readonly key: string;
  readonly severity: 'error' | 'warning';
  readonly human: string;
  readonly expression: string;
  /** Evaluates on one element value; throws when the engine fails. */
  readonly evaluate: (value: unknown, resource: unknown) => unknown[];
  /** The expression only looks at `contained`: nothing to do when the resource has none. */
  readonly needsContained: boolean;
  /** For a choice element: the type (JSON suffix) this compiled form applies to. */
  readonly forType?: string;
}

/** How one discriminator picks the values of a slice. */
export interface SliceMatcher {
  /** Discriminator path relative to the sliced element (`$this` = the value itself). */
  readonly path: readonly string[];
  /** `binding`: the slice has no pattern, only a required binding (US Core's category slices); `value` is the value set. */
  readonly kind: 'fixed' | 'pattern' | 'exists' | 'absent' | 'binding';
  readonly value?: unknown;
  /** For `binding`: the element's type code. */
  readonly typeCode?: string;
}

/** The compiled rules of one element (or slice) of a profile's snapshot. */
export interface ElementPlan {
  /** ElementDefinition.id (`Observation.category:Laboratory`). */
  readonly id: string;
  /** The JSON property name, without `[x]`. */
  readonly name: string;
  readonly choice: boolean;
  readonly min: number;
  readonly max: number;
  /** Allowed type codes; for a choice, the JSON suffix of each (`Quantity`, `DateTime`). */
  readonly types: readonly string[];
  readonly fixed?: unknown;
  readonly pattern?: unknown;
  readonly binding?: { readonly strength: 'required' | 'extensible'; readonly valueSet: string };
  readonly constraints: readonly ConstraintPlan[];
  /** Profiles (by url) each value must also conform to (extension profiles we ship). */
  readonly typeProfiles: readonly string[];
  readonly children: readonly ElementPlan[];
  readonly slicing?: SlicingPlan;
  /** Type code of the element (for the binding: `code`, `Coding`, `CodeableConcept`, `Quantity`, ...). */
  readonly typeCode: string | undefined;
}

/** Slicing of an element: which slice each value belongs to. */
export interface SlicingPlan {
  readonly rules: 'open' | 'closed' | 'openAtEnd';
  readonly slices: readonly SlicePlan[];
}

/** One slice: its matchers (all must hold) and its own element rules. */
export interface SlicePlan {
  readonly name: string;
  readonly matchers: readonly SliceMatcher[];
  readonly element: ElementPlan;
}

/** A profile compiled for validation. */
export interface ProfilePlan {
  readonly url: string;
  /** Short name used in diagnostics (the StructureDefinition id). */
  readonly name: string;
  readonly type: string;
  readonly root: ElementPlan;
  /** Rules not enforced, with the reason (unsupported FHIRPath functions, discriminator types). */
  readonly skipped: readonly { readonly element: string; readonly rule: string; readonly reason: string }[];
}

/** Validates resources against the profiles it knows. https://hl7.org/fhir/R4/validation.html#profile */
export interface ProfileValidator {
  /** Canonical urls of the known profiles. */
  readonly profiles: readonly string[];
  has(url: string): boolean;
  /** Issues of `resource` against profile `url` (`url|version` accepted); an unknown profile is a warning. */
  validate(resource: unknown, url: string): OperationOutcomeIssue[];
}
