/**
 * UCUM unit validation through `@lhncbc/ucum-lhc` (NLM's UCUM library; docs/decisions/ucum-lhc.md).
 * Any valid UCUM expression is a code of http://unitsofmeasure.org. The library (about 1 MB of unit
 * tables) is loaded on the first call, not at boot; `ucumLoadStats` tells how long that took.
 * https://ucum.org/ucum ; https://hl7.org/fhir/R4/ucum.html
 */
import { createRequire } from 'node:module';
import type { UcumLhcUtilsInstance, UcumModule } from '@lhncbc/ucum-lhc';

/** The UCUM code system url. */
export const UCUM_URL = 'http://unitsofmeasure.org';

/** The answer for one unit expression. */
export interface UcumValidation {
  readonly valid: boolean;
  /** The unit's name (the code itself when the tables give none). */
  readonly display?: string;
  /** Why it is not valid. */
  readonly message?: string;
}

const require = createRequire(import.meta.url);
let utils: UcumLhcUtilsInstance | undefined;
let loadMs: number | undefined;
const memo = new Map<string, UcumValidation>();
const MEMO_LIMIT = 10_000;

function ucum(): UcumLhcUtilsInstance {
  if (utils === undefined) {
    const start = performance.now();
    const lib = require('@lhncbc/ucum-lhc') as UcumModule;
    utils = lib.UcumLhcUtils.getInstance();
    loadMs = performance.now() - start;
  }
  return utils;
}

/** Validates a UCUM expression (case-sensitive, as UCUM is). Results are memoised. */
export function validateUcum(code: string): UcumValidation {
  let hit = memo.get(code);
  if (hit !== undefined) return hit;
  if (code.trim() === '' || code !== code.trim()) {
    hit = { valid: false, message: code.trim() === '' ? 'No unit given' : `"${code}" has leading or trailing spaces` };
  } else {
    const reply = ucum().validateUnitString(code, false);
    hit = reply.status === 'valid'
      ? { valid: true, display: reply.unit?.name !== undefined && reply.unit.name !== '' ? reply.unit.name : code }
      : { valid: false, message: reply.msg.join(' ') || `${code} is not a valid UCUM code` };
  }
  if (memo.size >= MEMO_LIMIT) memo.clear(); // codes come from requests: stay bounded
  memo.set(code, hit);
  return hit;
}

/** Whether the library is loaded and how long loading took (ms). */
export function ucumLoadStats(): { readonly loaded: boolean; readonly loadMs?: number } {
  return loadMs === undefined ? { loaded: false } : { loaded: true, loadMs };
}
