/**
 * Setting kinds: each knows its variable name, documented type and default, and how to parse and
 * validate a raw environment value. An empty or whitespace-only value counts as unset.
 */
import { isIP } from 'node:net';

/** The raw environment (`process.env` in production, a plain object in tests). */
export type RawEnv = Readonly<Record<string, string | undefined>>;

/** One declared setting producing a `T`. */
export interface Setting<T> {
  /** Environment variable name. */
  readonly name: string;
  /** Human-readable type, as documented. */
  readonly type: string;
  /** Default as documented; undefined when the setting is unset by default. */
  readonly defaultDoc: string | undefined;
  readonly description: string;
  /** Reads and validates the variable from `env`; throws ConfigError. */
  parse(env: RawEnv): T;
}

/** A setting has an invalid value; the message names the variable and what was expected. */
export class ConfigError extends Error {
  readonly variable: string;
  readonly expected: string;
  constructor(variable: string, expected: string, value: string | undefined) {
    super(value === undefined
      ? `Invalid setting ${variable}: expected ${expected}`
      : `Invalid setting ${variable}=${JSON.stringify(value)}: expected ${expected}`);
    this.name = 'ConfigError';
    this.variable = variable;
    this.expected = expected;
  }
}

function raw(env: RawEnv, name: string): string | undefined {
  const v = env[name]?.trim();
  return v === undefined || v === '' ? undefined : v;
}

function make<T>(name: string, type: string, defaultDoc: string | undefined, description: string, parse: (env: RawEnv) => T): Setting<T> {
  return { name, type, defaultDoc, description, parse };
}

function parseInteger(name: string, value: string, min: number, max: number, expected: string): number {
  if (!/^-?\d+$/.test(value)) throw new ConfigError(name, expected, value);
  const n = Number(value);
  if (!Number.isSafeInteger(n) || n < min || n > max) throw new ConfigError(name, expected, value);
  return n;
}

/** Integer within [min, max]. */
export function integerSetting(name: string, def: number, min: number, max: number, description: string): Setting<number> {
  const type = `integer ${min}–${max}`;
  return make(name, type, String(def), description, (env) => {
    const v = raw(env, name);
    return v === undefined ? def : parseInteger(name, v, min, max, `an ${type}`);
  });
}

/** TCP port; 0 asks the OS for any free port (tests, benchmarks). */
export function portSetting(name: string, def: number, description: string): Setting<number> {
  return make(name, 'port 0–65535', String(def), description, (env) => {
    const v = raw(env, name);
    return v === undefined ? def : parseInteger(name, v, 0, 65_535, 'a TCP port number 0–65535');
  });
}

/** Free text with a default. */
export function stringSetting(name: string, def: string, description: string): Setting<string> {
  return make(name, 'string', def, description, (env) => raw(env, name) ?? def);
}

/** Free text, unset by default. */
export function optionalStringSetting(name: string, description: string): Setting<string | undefined> {
  return make(name, 'string', undefined, description, (env) => raw(env, name));
}

/** A secret, unset by default; never echoed in error messages. */
export function optionalSecretSetting(name: string, minLength: number, description: string): Setting<string | undefined> {
  return make(name, 'secret', undefined, description, (env) => {
    const v = raw(env, name);
    if (v !== undefined && v.length < minLength) throw new ConfigError(name, `at least ${minLength} characters`, undefined);
    return v;
  });
}

/** true / false (also 1 / 0, yes / no, on / off). */
export function booleanSetting(name: string, def: boolean, description: string): Setting<boolean> {
  return make(name, 'boolean', String(def), description, (env) => {
    const v = raw(env, name)?.toLowerCase();
    if (v === undefined) return def;
    if (['true', '1', 'yes', 'on'].includes(v)) return true;
    if (['false', '0', 'no', 'off'].includes(v)) return false;
    throw new ConfigError(name, 'true or false', v);
  });
}

/** One of a closed set of values. */
export function enumSetting<const T extends string>(name: string, values: readonly T[], def: T, description: string): Setting<T> {
  return make(name, values.join(' | '), def, description, (env) => {
    const v = raw(env, name);
    if (v === undefined) return def;
    const found = values.find((x) => x === v.toLowerCase());
    if (found === undefined) throw new ConfigError(name, `one of ${values.join(', ')}`, v);
    return found;
  });
}

/** http(s) URL without a trailing slash; the default may depend on other settings. */
export function urlSetting(name: string, def: (env: RawEnv) => string, defaultDoc: string, description: string): Setting<string> {
  return make(name, 'URL', defaultDoc, description, (env) => {
    const v = raw(env, name);
    if (v === undefined) return def(env);
    let url: URL;
    try {
      url = new URL(v);
    } catch {
      throw new ConfigError(name, 'an absolute http(s) URL', v);
    }
    if ((url.protocol !== 'http:' && url.protocol !== 'https:') || url.search !== '' || url.hash !== '') {
      throw new ConfigError(name, 'an absolute http(s) URL without query or fragment', v);
    }
    return v.replace(/\/+$/, '');
  });
}

/** A connection string with one of `schemes` (checked by prefix: multi-host URLs are not WHATWG URLs). */
export function optionalUrlSetting(name: string, schemes: readonly string[], description: string): Setting<string | undefined> {
  return make(name, 'URL', undefined, description, (env) => {
    const v = raw(env, name);
    if (v === undefined) return undefined;
    if (!schemes.some((s) => v.startsWith(`${s}//`) && v.length > s.length + 2)) {
      throw new ConfigError(name, `a URL starting with ${schemes.map((s) => `${s}//`).join(' or ')}`, redactUserinfo(v));
    }
    return v;
  });
}

/** Hides a password in `scheme://user:password@host` so it never reaches a log or an error message. */
function redactUserinfo(v: string): string {
  return v.replace(/\/\/([^/@:]*):[^/@]*@/, '//$1:***@');
}

const UNITS: Record<string, number> = { '': 1, b: 1, kb: 1024, mb: 1024 ** 2, gb: 1024 ** 3 };

/** A size in bytes: `1048576`, `512kb`, `50mb`, `1gb` (1024-based). */
export function bytesSetting(name: string, def: string, description: string): Setting<number> {
  const parse = (v: string): number => {
    const m = /^(\d+)\s*(b|kb|mb|gb)?$/i.exec(v);
    const n = m?.[1] === undefined ? NaN : Number(m[1]) * (UNITS[(m[2] ?? '').toLowerCase()] ?? NaN);
    if (!Number.isSafeInteger(n) || n < 1024) throw new ConfigError(name, 'a size of at least 1kb, e.g. 1048576, 512kb, 50mb', v);
    return n;
  };
  return make(name, 'bytes', def, description, (env) => parse(raw(env, name) ?? def));
}

/**
 * A JSON object of string → string (e.g. `{"HOSP":"urn:oid:1.2.3"}`); unset → `{}`. Each value must
 * pass `checkValue` (which names what is expected). https://www.rfc-editor.org/rfc/rfc8259
 */
export function stringMapSetting(name: string, description: string, checkValue: (v: string) => boolean, expectedValue: string): Setting<Readonly<Record<string, string>>> {
  const expected = `a JSON object of strings (${expectedValue})`;
  return make(name, 'JSON object', undefined, description, (env) => {
    const value = raw(env, name);
    if (value === undefined) return Object.freeze({});
    let parsed: unknown;
    try {
      parsed = JSON.parse(value);
    } catch {
      throw new ConfigError(name, expected, value);
    }
    if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) throw new ConfigError(name, expected, value);
    const out: Record<string, string> = {};
    for (const [k, v] of Object.entries(parsed)) {
      if (typeof v !== 'string' || k.trim() === '' || !checkValue(v)) throw new ConfigError(name, expected, value);
      out[k.trim()] = v;
    }
    return Object.freeze(out);
  });
}

/** Express `trust proxy` value: off, every hop, a hop count, or the trusted proxy addresses / ranges. */
export type TrustProxy = boolean | number | readonly string[];

const PROXY_NAMES: ReadonlySet<string> = new Set(['loopback', 'linklocal', 'uniquelocal']);

/**
 * Which reverse proxies to believe about the client address (`X-Forwarded-For`), as express's
 * `trust proxy`: `false`, `true`, a hop count, or comma-separated addresses / CIDR ranges / the names
 * `loopback`, `linklocal`, `uniquelocal`. https://expressjs.com/en/guide/behind-proxies.html
 */
export function trustProxySetting(name: string, description: string): Setting<TrustProxy> {
  const expected = 'false, true, a hop count 0–100, or comma-separated IP addresses / CIDR ranges (or loopback, linklocal, uniquelocal)';
  return make(name, 'false, true, hop count or addresses', 'false', description, (env) => {
    const v = raw(env, name);
    if (v === undefined || v.toLowerCase() === 'false') return false;
    if (v.toLowerCase() === 'true') return true;
    if (/^\d+$/.test(v)) return parseInteger(name, v, 0, 100, expected);
    const items = v.split(',').map((s) => s.trim()).filter((s) => s !== '');
    for (const item of items) {
      if (PROXY_NAMES.has(item)) continue;
      const [address = '', prefix, ...rest] = item.split('/');
      const family = isIP(address);
      const max = family === 4 ? 32 : 128;
      if (family === 0 || rest.length > 0 || (prefix !== undefined && (!/^\d{1,3}$/.test(prefix) || Number(prefix) > max))) {
        throw new ConfigError(name, expected, v);
      }
    }
    if (items.length === 0) throw new ConfigError(name, expected, v);
    return Object.freeze(items);
  });
}
