/**
 * Operation parameters in and out: the inputs of a terminology operation come from the query string
 * (GET, primitive parameters only) or from a `Parameters` body (POST); the outputs are written as a
 * `Parameters` resource. https://hl7.org/fhir/R4/operations.html#request
 */
import type { Request } from 'express';
import type { CodeableConcept, Coding, Parameters, ParametersParameter, Resource } from 'fhir/r4.js';
import { badRequest } from '../../../core/outcomes.js';
import { queryParams } from '../http.js';

type Raw = Record<string, unknown>;

const isObject = (v: unknown): v is Raw => typeof v === 'object' && v !== null && !Array.isArray(v);

/** The named inputs of one operation call. Every accessor throws 400 for a value of the wrong type. */
export class OperationInput {
  private constructor(private readonly params: readonly Raw[]) {}

  /** From the request: a Parameters body for POST, the query string otherwise. */
  static of(req: Request): OperationInput {
    if (req.method !== 'POST') {
      return new OperationInput([...queryParams(req)].map(([name, value]) => ({ name, valueString: value })));
    }
    const body: unknown = req.body;
    if (!isObject(body) || body['resourceType'] !== 'Parameters') throw badRequest('The body of an operation must be a Parameters resource');
    return OperationInput.fromParameters(body['parameter']);
  }

  /** From `Parameters.parameter` (or a parameter's `part`). */
  static fromParameters(list: unknown): OperationInput {
    if (list === undefined) return new OperationInput([]);
    if (!Array.isArray(list) || !list.every((p) => isObject(p) && typeof p['name'] === 'string')) {
      throw badRequest('Parameters.parameter must be a list of named parameters', 'Parameters.parameter');
    }
    return new OperationInput(list as Raw[]);
  }

  private named(name: string): Raw[] {
    return this.params.filter((p) => p['name'] === name);
  }

  private one(name: string): Raw | undefined {
    const found = this.named(name);
    if (found.length > 1) throw badRequest(`Parameter ${name} may appear only once`, name);
    return found[0];
  }

  /** True when the parameter is present. */
  has(name: string): boolean {
    return this.named(name).length > 0;
  }

  /** A primitive parameter as text (any `value[x]` holding a string, number or boolean). */
  string(name: string): string | undefined {
    const p = this.one(name);
    return p === undefined ? undefined : primitive(p, name);
  }

  /** Every value of a repeating primitive parameter. */
  strings(name: string): string[] {
    return this.named(name).map((p) => primitive(p, name));
  }

  /** A boolean parameter (`true` / `false`). */
  boolean(name: string): boolean | undefined {
    const v = this.string(name);
    if (v === undefined) return undefined;
    if (v !== 'true' && v !== 'false') throw badRequest(`Parameter ${name} must be true or false`, name);
    return v === 'true';
  }

  /** A non-negative integer parameter. */
  integer(name: string): number | undefined {
    const v = this.string(name);
    if (v === undefined) return undefined;
    if (!/^\d{1,9}$/.test(v)) throw badRequest(`Parameter ${name} must be a non-negative integer`, name);
    return Number(v);
  }

  /** A Coding parameter (POST only). */
  coding(name: string): Coding | undefined {
    const v = this.complex(name, 'valueCoding');
    if (v === undefined) return undefined;
    if (typeof v['code'] !== 'string' || (v['system'] !== undefined && typeof v['system'] !== 'string')) {
      throw badRequest(`Parameter ${name} must be a Coding with a code`, name);
    }
    return v as Coding;
  }

  /** A CodeableConcept parameter (POST only); each coding needs a code (callers check systems). */
  codeableConcept(name: string): CodeableConcept | undefined {
    const v = this.complex(name, 'valueCodeableConcept');
    if (v === undefined) return undefined;
    const codings: unknown = v['coding'];
    if (!Array.isArray(codings) || !codings.every((c) => isObject(c) && typeof c['code'] === 'string' && (c['system'] === undefined || typeof c['system'] === 'string'))) {
      throw badRequest(`Parameter ${name} must be a CodeableConcept whose codings have a code`, name);
    }
    return v as CodeableConcept;
  }

  /** A resource parameter of `type` (POST only). */
  resource<T extends Resource>(name: string, type: T['resourceType']): T | undefined {
    const p = this.one(name);
    if (p === undefined) return undefined;
    const r = p['resource'];
    if (!isObject(r) || r['resourceType'] !== type) throw badRequest(`Parameter ${name} must be a ${type} resource`, name);
    return r as unknown as T;
  }

  /** The `part`s of each occurrence of a parameter with parts. */
  parts(name: string): OperationInput[] {
    return this.named(name).map((p) => OperationInput.fromParameters(p['part']));
  }

  private complex(name: string, key: string): Raw | undefined {
    const p = this.one(name);
    if (p === undefined) return undefined;
    const v = p[key];
    if (!isObject(v)) throw badRequest(`Parameter ${name} must have ${key}`, name);
    return v;
  }
}

function primitive(p: Raw, name: string): string {
  for (const [key, value] of Object.entries(p)) {
    if (!key.startsWith('value')) continue;
    if (typeof value === 'string' || typeof value === 'boolean' || (typeof value === 'number' && Number.isFinite(value))) return String(value);
  }
  throw badRequest(`Parameter ${name} must have a primitive value`, name);
}

/** Builds an output `Parameters` resource. */
export class ParametersBuilder {
  private readonly list: ParametersParameter[] = [];

  /** Adds `name` with `value` under `key` (`valueString`, `valueCoding`, ...); undefined values are left out. */
  add(name: string, key: `value${string}`, value: unknown): this {
    if (value !== undefined) this.list.push({ name, [key]: value } as ParametersParameter);
    return this;
  }

  /** Adds a parameter made of parts. */
  addParts(name: string, parts: ParametersBuilder): this {
    this.list.push({ name, part: parts.list });
    return this;
  }

  build(): Parameters {
    return { resourceType: 'Parameters', parameter: this.list };
  }
}

/** The `value[x]` key for a JS value (`valueString`, `valueBoolean`, `valueInteger`/`valueDecimal`, `valueCoding`). */
export function valueKey(value: string | number | boolean | Coding): `value${string}` {
  if (typeof value === 'string') return 'valueString';
  if (typeof value === 'boolean') return 'valueBoolean';
  if (typeof value === 'number') return Number.isInteger(value) ? 'valueInteger' : 'valueDecimal';
  return 'valueCoding';
}
