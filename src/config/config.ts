/**
 * The one declaration of every setting: name, type, default and description, validated at boot.
 * Nothing else in the gateway reads `process.env`; `main.ts` passes it to `loadConfig` and hands the
 * frozen result to the adapters it builds. https://12factor.net/config
 */
import {
  booleanSetting,
  bytesSetting,
  ConfigError,
  enumSetting,
  integerSetting,
  optionalSecretSetting,
  optionalStringSetting,
  optionalUrlSetting,
  portSetting,
  stringSetting,
  urlSetting,
  type RawEnv,
  type Setting,
} from './setting.js';

export { ConfigError } from './setting.js';
export type { RawEnv, Setting } from './setting.js';

/** Log levels (winston's npm levels that we use). */
export const LOG_LEVELS = ['error', 'warn', 'info', 'http', 'debug'] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];

const PORT = portSetting('PORT', 8080, 'HTTP port of the FHIR API, SMART endpoints, ingest and ops routes.');

/** Every setting, keyed by its `Config` property. The README settings table is generated from this. */
export const SETTINGS = {
  port: PORT,
  host: stringSetting('HOST', '0.0.0.0', 'Interface the HTTP server and the MLLP listener bind to.'),
  mllpPort: portSetting('MLLP_PORT', 2575, 'TCP port of the HL7 v2 MLLP listener.'),
  dataDir: stringSetting('DATA_DIR', './data', 'Directory for the embedded SQLite store (`fhir.sqlite`), keys and `bootstrap-client.json`.'),
  mongodbUrl: optionalUrlSetting('MONGODB_URL', ['mongodb:', 'mongodb+srv:'],
    'MongoDB connection string (a replica set, e.g. `mongodb://host:27017/?replicaSet=rs0`). Unset: embedded SQLite store.'),
  mongodbDb: stringSetting('MONGODB_DB', 'lyfeai', 'MongoDB database name (used only with `MONGODB_URL`).'),
  publicBaseUrl: urlSetting('PUBLIC_BASE_URL', (env) => `http://localhost:${PORT.parse(env)}`, 'http://localhost:$PORT',
    'External base URL of the gateway, used in links, `fullUrl`, `Location` and the token issuer (FHIR base = this + `/fhir`).'),
  logLevel: enumSetting('LOG_LEVEL', LOG_LEVELS, 'info', 'Lowest level logged. Resource bodies and PHI-like fields appear only at `debug`.'),
  bootstrapClientId: optionalStringSetting('BOOTSTRAP_CLIENT_ID',
    'Client id of the first system client. Unset: generated on first start and saved to `DATA_DIR/bootstrap-client.json`.'),
  bootstrapClientSecret: optionalSecretSetting('BOOTSTRAP_CLIENT_SECRET', 16,
    'Secret of the first system client (at least 16 characters; set together with `BOOTSTRAP_CLIENT_ID`).'),
  tokenTtlSeconds: integerSetting('TOKEN_TTL_SECONDS', 3600, 60, 86_400, 'Lifetime of access tokens, in seconds.'),
  searchDefaultCount: integerSetting('SEARCH_DEFAULT_COUNT', 20, 1, 10_000, 'Page size of a search without `_count`.'),
  searchMaxCount: integerSetting('SEARCH_MAX_COUNT', 1000, 1, 10_000, 'Largest `_count` honoured; larger values are clamped.'),
  maxBodyBytes: bytesSetting('MAX_BODY_BYTES', '50mb', 'Largest request body accepted (bytes, or with a `kb`/`mb`/`gb` suffix); larger ones get 413.'),
  referentialIntegrity: booleanSetting('REFERENTIAL_INTEGRITY', true, 'Reject writes whose local references do not resolve (422 with the path).'),
  corpusDir: stringSetting('CORPUS_DIR', '../shared/corpus', 'Directory of test corpora (HL7 v2, X12, FHIR examples); read by tests only.'),
} as const satisfies Record<string, Setting<unknown>>;

type Settings = typeof SETTINGS;

/** The validated, frozen configuration. */
export type Config = { readonly [K in keyof Settings]: ReturnType<Settings[K]['parse']> };

/**
 * Reads every setting from `env`, validating each; throws a `ConfigError` naming the first bad variable.
 * Cross-setting rules (e.g. both bootstrap credentials or neither) are checked after the fields.
 */
export function loadConfig(env: RawEnv): Config {
  const out: Record<string, unknown> = {};
  for (const [key, setting] of Object.entries(SETTINGS)) out[key] = setting.parse(env);
  const config = Object.freeze(out) as Config;
  checkCrossRules(config);
  return config;
}

/** `loadConfig(process.env)`: the one place the process environment is read. */
export function loadConfigFromEnvironment(): Config {
  return loadConfig(process.env);
}

function checkCrossRules(c: Config): void {
  if ((c.bootstrapClientId === undefined) !== (c.bootstrapClientSecret === undefined)) {
    const missing = c.bootstrapClientId === undefined ? 'BOOTSTRAP_CLIENT_ID' : 'BOOTSTRAP_CLIENT_SECRET';
    throw new ConfigError(missing, 'to be set together with ' +
      (missing === 'BOOTSTRAP_CLIENT_ID' ? 'BOOTSTRAP_CLIENT_SECRET' : 'BOOTSTRAP_CLIENT_ID'), undefined);
  }
  if (c.searchDefaultCount > c.searchMaxCount) {
    throw new ConfigError('SEARCH_DEFAULT_COUNT', `at most SEARCH_MAX_COUNT (${c.searchMaxCount})`, String(c.searchDefaultCount));
  }
}

/** One row of the settings table (for the README and `--help`-like output). */
export interface SettingRow {
  readonly name: string;
  readonly type: string;
  readonly default: string;
  readonly description: string;
}

/** Every setting as a documentation row, in declaration order. */
export function configTable(): readonly SettingRow[] {
  return Object.values(SETTINGS).map((s) => ({
    name: s.name,
    type: s.type,
    default: s.defaultDoc ?? '(unset)',
    description: s.description,
  }));
}

/** The settings table as Markdown, exactly as README.md carries it. */
export function configTableMarkdown(): string {
  const cell = (s: string): string => s.replace(/\|/g, '\\|');
  const rows = configTable().map((r) =>
    `| \`${r.name}\` | ${cell(r.type)} | ${r.default === '(unset)' ? '(unset)' : `\`${r.default}\``} | ${cell(r.description)} |`);
  return ['| Variable | Type | Default | Description |', '|---|---|---|---|', ...rows].join('\n');
}
