/**
 * FHIRPath Patch: a Parameters resource of `operation`s (add, insert, delete, replace, move) whose
 * targets are located with the `fhirpath` engine. https://hl7.org/fhir/R4/fhirpatch.html
 */
import fhirpath from 'fhirpath';
import r4model from 'fhirpath/fhir-context/r4/index.js';
import type { Parameters as FhirParameters, ParametersParameter, Resource } from 'fhir/r4.js';
import { badRequest, fail } from '../core/outcomes.js';

/** What `fhirpath.evaluate(..., { resolveInternalTypes: false })` returns for nodes in the resource. */
interface Node {
  readonly data: unknown;
  readonly path: string | null;
  readonly propName: string | null;
  readonly index: number | null;
  readonly parentResNode: Node | null;
}

const model = r4model as unknown as Parameters<typeof fhirpath.evaluate>[3];
const repeating = (r4model as unknown as { path2Repeating?: Record<string, boolean> }).path2Repeating ?? {};

function isNode(v: unknown): v is Node {
  return typeof v === 'object' && v !== null && 'parentResNode' in v && 'propName' in v;
}

function evaluateNodes(resource: Resource, path: string, at: string): Node[] {
  let result: unknown;
  try {
    result = fhirpath.evaluate(resource, path, undefined, model, { resolveInternalTypes: false });
  } catch (e) {
    throw badRequest(`Invalid FHIRPath '${path}': ${e instanceof Error ? e.message : String(e)}`, at);
  }
  if (!Array.isArray(result)) return [];
  return result.filter(isNode);
}

/** The JSON key under which `node` sits in its parent (choice types: `value` → `valueQuantity`). */
function keyOf(node: Node, parent: Record<string, unknown>): string {
  const name = node.propName ?? '';
  if (Object.hasOwn(parent, name)) return name;
  const choice = Object.keys(parent).find((k) => k.startsWith(name) && /^[A-Z]/.test(k.slice(name.length)));
  return choice ?? name;
}

interface Location {
  readonly parent: Record<string, unknown>;
  readonly key: string;
  readonly index: number | null;
}

function locate(node: Node, at: string): Location {
  const parent = node.parentResNode?.data;
  if (typeof parent !== 'object' || parent === null || node.propName === null) {
    throw badRequest('The path must designate an element inside the resource', at);
  }
  const record = parent as Record<string, unknown>;
  return { parent: record, key: keyOf(node, record), index: Array.isArray(record[keyOf(node, record)]) ? node.index : null };
}

function single(nodes: Node[], path: string, at: string): Node {
  const node = nodes[0];
  if (node === undefined || nodes.length > 1) {
    throw fail('unprocessable', `Path '${path}' matched ${nodes.length} elements; exactly one is required`, at);
  }
  return node;
}

function part(op: ParametersParameter, name: string): ParametersParameter | undefined {
  return op.part?.find((p) => p.name === name);
}

function stringPart(op: ParametersParameter, name: string, at: string): string {
  const p = part(op, name);
  const v = p?.valueString ?? p?.valueCode;
  if (v === undefined) throw badRequest(`Operation part '${name}' is required`, at);
  return v;
}

function intPart(op: ParametersParameter, name: string, at: string): number {
  const v = part(op, name)?.valueInteger;
  if (v === undefined || v < 0) throw badRequest(`Operation part '${name}' must be a non-negative integer`, at);
  return v;
}

/** The `value` part as JSON: a `value[x]`, or an object built from nested parts (backbone elements). */
function valueOf(p: ParametersParameter | undefined): unknown {
  if (p === undefined) return undefined;
  const entry = Object.entries(p).find(([k]) => k.startsWith('value') && k.length > 5);
  if (entry !== undefined) return entry[1];
  if (p.resource !== undefined) return p.resource;
  if (p.part !== undefined) {
    const out: Record<string, unknown> = {};
    for (const child of p.part) {
      const v = valueOf(child);
      if (v === undefined) continue;
      const existing = out[child.name];
      out[child.name] = existing === undefined ? v : Array.isArray(existing) ? [...(existing as unknown[]), v] : [existing, v];
    }
    return out;
  }
  return undefined;
}

function requireValue(op: ParametersParameter, at: string): unknown {
  const v = valueOf(part(op, 'value'));
  if (v === undefined) throw badRequest("Operation part 'value' is required", at);
  return structuredClone(v);
}

function removeAt(loc: Location): void {
  const current = loc.parent[loc.key];
  if (loc.index !== null && Array.isArray(current)) {
    current.splice(loc.index, 1);
    if (current.length === 0) Reflect.deleteProperty(loc.parent, loc.key);
  } else {
    Reflect.deleteProperty(loc.parent, loc.key);
  }
}

/** The list `path` designates: its parent object and key (the list may be empty / absent). */
function locateList(resource: Resource, path: string, at: string): { parent: Record<string, unknown>; key: string } {
  const nodes = evaluateNodes(resource, path, at);
  const first = nodes[0];
  if (first !== undefined) {
    const loc = locate(first, at);
    return { parent: loc.parent, key: loc.key };
  }
  const m = /^(.*)\.([A-Za-z][A-Za-z0-9]*)$/.exec(path);
  if (m?.[1] === undefined || m[2] === undefined) throw fail('unprocessable', `Path '${path}' matched nothing`, at);
  const parentNode = single(evaluateNodes(resource, m[1], at), m[1], at);
  if (typeof parentNode.data !== 'object' || parentNode.data === null) throw fail('unprocessable', `Path '${m[1]}' is not an element`, at);
  return { parent: parentNode.data as Record<string, unknown>, key: m[2] };
}

/** Applies one FHIRPath Patch Parameters to a copy of `resource`. */
export function applyFhirPathPatch(resource: Resource, patch: FhirParameters): Resource {
  const doc = structuredClone(resource);
  if (patch.resourceType !== 'Parameters') throw badRequest('A FHIRPath Patch body must be a Parameters resource');
  (patch.parameter ?? []).forEach((op, i) => {
    const at = `Parameters.parameter[${i}]`;
    if (op.name !== 'operation') throw badRequest(`Unexpected parameter '${op.name}'`, at);
    const type = stringPart(op, 'type', at);
    const path = stringPart(op, 'path', at);
    switch (type) {
      case 'add': {
        const target = single(evaluateNodes(doc, path, at), path, at);
        if (typeof target.data !== 'object' || target.data === null) throw fail('unprocessable', `Path '${path}' is not an element`, at);
        const parent = target.data as Record<string, unknown>;
        const name = stringPart(op, 'name', at);
        const value = requireValue(op, at);
        const existing = parent[name];
        if (Array.isArray(existing)) existing.push(value);
        else if (existing !== undefined) throw fail('unprocessable', `Element '${name}' already exists at '${path}'`, at);
        else parent[name] = repeating[`${target.path ?? ''}.${name}`] === true ? [value] : value;
        break;
      }
      case 'insert': {
        const index = intPart(op, 'index', at);
        const value = requireValue(op, at);
        const list = locateList(doc, path, at);
        const arr = list.parent[list.key] ?? [];
        if (!Array.isArray(arr) || index > arr.length) throw fail('unprocessable', `Cannot insert at index ${index} of '${path}'`, at);
        arr.splice(index, 0, value);
        list.parent[list.key] = arr;
        break;
      }
      case 'delete': {
        const nodes = evaluateNodes(doc, path, at);
        if (nodes.length === 0) break;
        removeAt(locate(single(nodes, path, at), at));
        break;
      }
      case 'replace': {
        const loc = locate(single(evaluateNodes(doc, path, at), path, at), at);
        const value = requireValue(op, at);
        const current = loc.parent[loc.key];
        if (loc.index !== null && Array.isArray(current)) current[loc.index] = value;
        else loc.parent[loc.key] = value;
        break;
      }
      case 'move': {
        const source = intPart(op, 'source', at);
        const destination = intPart(op, 'destination', at);
        const list = locateList(doc, path, at);
        const arr = list.parent[list.key];
        if (!Array.isArray(arr) || source >= arr.length || destination >= arr.length) {
          throw fail('unprocessable', `Cannot move ${source} → ${destination} in '${path}'`, at);
        }
        const [item] = arr.splice(source, 1);
        arr.splice(destination, 0, item);
        break;
      }
      default:
        throw badRequest(`Unknown FHIRPath Patch operation type '${type}'`, at);
    }
  });
  return doc;
}
