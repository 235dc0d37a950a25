/**
 * The one declaration of every setting: name, type, default and description, validated at boot.
 * Nothing else in the gateway reads `process.env`; `main.ts` passes it to `loadConfig` and hands the
 * frozen result to the adapters it builds. https://12factor.net/config
 */
import { isIP } from 'node:net';
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
  stringMapSetting,
  stringSetting,
  trustProxySetting,
  urlSetting,
  type RawEnv,
  type Setting,
} from './setting.js';

export { ConfigError } from './setting.js';
export type { RawEnv, Setting, TrustProxy } from './setting.js';

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
  signingKeyRotationDays: integerSetting('SIGNING_KEY_ROTATION_DAYS', 30, 0, 3650,
    'Age in days after which a new token signing key takes over (0 = never); retired keys stay in `/oauth2/jwks` until their tokens expire.'),
  refreshTokenTtlDays: integerSetting('REFRESH_TOKEN_TTL_DAYS', 30, 1, 3650,
    'Lifetime in days of `offline_access` refresh tokens (rotation keeps the original expiry; `online_access` ones live at most 8 hours).'),
  oidcIssuerUrl: optionalUrlSetting('OIDC_ISSUER_URL', ['https:', 'http:'],
    'Upstream OpenID Connect provider offered on the `/oauth2/authorize` login page (plain http only on loopback). Unset: local users only.'),
  oidcClientId: optionalStringSetting('OIDC_CLIENT_ID', 'Our client id at the upstream OpenID Connect provider (set with `OIDC_ISSUER_URL`).'),
  oidcClientSecret: optionalSecretSetting('OIDC_CLIENT_SECRET', 1, 'Our client secret at the upstream provider (HTTP Basic); unset for a public client (PKCE only).'),
  oidcFhirUserClaim: stringSetting('OIDC_FHIR_USER_CLAIM', 'fhirUser',
    'ID token claim of the upstream provider naming the user\'s FHIR resource (`Practitioner/1` or an absolute URL ending so).'),
  trustProxy: trustProxySetting('TRUST_PROXY',
    'Reverse proxies trusted to report the client address in `X-Forwarded-For` (express `trust proxy`): `false` = the TCP peer is the client; `true` = the left-most address; a hop count (`1` = one proxy in front); or comma-separated proxy addresses / CIDR ranges (`loopback`, `linklocal`, `uniquelocal` allowed). Decides the client address the login throttle counts per `LOGIN_MAX_FAILURES_PER_IP`.'),
  loginMaxFailures: integerSetting('LOGIN_MAX_FAILURES', 5, 1, 1000,
    'Failed sign-ins on the `/oauth2/authorize` login form for one username before it is locked out for `LOGIN_LOCKOUT_SECONDS` (doubling with each further failure).'),
  loginMaxFailuresPerIp: integerSetting('LOGIN_MAX_FAILURES_PER_IP', 20, 1, 100_000,
    'Failed sign-ins from one client address (any usernames) before that address is locked out the same way.'),
  loginLockoutSeconds: integerSetting('LOGIN_LOCKOUT_SECONDS', 60, 1, 86_400, 'First login lockout, in seconds; each further failed attempt doubles it.'),
  loginLockoutMaxSeconds: integerSetting('LOGIN_LOCKOUT_MAX_SECONDS', 3600, 1, 604_800, 'Longest login lockout, in seconds.'),
  loginFailureWindowSeconds: integerSetting('LOGIN_FAILURE_WINDOW_SECONDS', 900, 1, 604_800,
    'Failed sign-ins are forgotten this many seconds after the last one (a successful sign-in clears the username\'s count).'),
  searchDefaultCount: integerSetting('SEARCH_DEFAULT_COUNT', 20, 1, 10_000, 'Page size of a search without `_count`.'),
  searchMaxCount: integerSetting('SEARCH_MAX_COUNT', 1000, 1, 10_000, 'Largest `_count` honoured; larger values are clamped.'),
  maxBodyBytes: bytesSetting('MAX_BODY_BYTES', '50mb', 'Largest request body accepted (bytes, or with a `kb`/`mb`/`gb` suffix); larger ones get 413.'),
  referentialIntegrity: booleanSetting('REFERENTIAL_INTEGRITY', true, 'Reject writes whose local references do not resolve (422 with the path).'),
  corpusDir: stringSetting('CORPUS_DIR', '../shared/corpus', 'Directory of test corpora (HL7 v2, X12, FHIR examples); read by tests only.'),
  mllpTlsCert: optionalStringSetting('MLLP_TLS_CERT', 'PEM file of the MLLP listener certificate (chain); set with `MLLP_TLS_KEY` to serve MLLP over TLS.'),
  mllpTlsKey: optionalStringSetting('MLLP_TLS_KEY', 'PEM file of the private key of `MLLP_TLS_CERT`.'),
  mllpTlsCa: optionalStringSetting('MLLP_TLS_CA', 'PEM file of the CAs trusted for MLLP client certificates (mutual TLS).'),
  mllpRequireClientCert: booleanSetting('MLLP_REQUIRE_CLIENT_CERT', false, 'Mutual TLS: refuse MLLP clients without a certificate signed by `MLLP_TLS_CA` (needs TLS).'),
  mllpMaxFrameBytes: bytesSetting('MLLP_MAX_FRAME_BYTES', '10mb', 'Largest MLLP message accepted; a larger frame is dropped and answered with a NAK (AR).'),
  mllpMaxConnections: integerSetting('MLLP_MAX_CONNECTIONS', 200, 1, 100_000, 'Most MLLP connections open at once; more are refused.'),
  mllpIdleTimeoutMs: integerSetting('MLLP_IDLE_TIMEOUT_MS', 300_000, 1000, 86_400_000, 'An MLLP connection with no traffic and no answer due for this long is closed.'),
  mllpAllowlist: optionalStringSetting('MLLP_ALLOWLIST', 'Comma-separated addresses / CIDR ranges allowed to connect to MLLP (e.g. `10.0.0.0/8,192.168.1.7`). Unset: any.'),
  inboxRetentionDays: integerSetting('INBOX_RETENTION_DAYS', 30, 0, 36_500, 'Days the raw payload of a successfully processed inbox message is kept (0 = forever); failed and dead ones are kept.'),
  inboxMaxAttempts: integerSetting('INBOX_MAX_ATTEMPTS', 10, 1, 1000, 'Processing attempts of a message hit by transient failures (store outage) before it goes to the dead letter.'),
  pipelineConcurrency: integerSetting('PIPELINE_CONCURRENCY', 16, 1, 256, 'Inbound messages processed at once (messages about one patient are always applied one after another).'),
  hl7v2IdentifierSystems: stringMapSetting('HL7V2_IDENTIFIER_SYSTEMS', 'HL7 v2 assigning authority (CX.4 / HD namespace id or universal id) → FHIR identifier system, e.g. `{"HOSP":"urn:oid:1.2.3","MRN":"http://hospital.example/mrn"}`. Authorities not listed: `urn:oid:<oid>` / `urn:id:<authority>`.',
    (v) => /^[a-z][a-z0-9+.-]*:\S+$/i.test(v), 'each value an absolute URI'),
  x12PartnerAliases: stringMapSetting('X12_PARTNER_ALIASES', 'X12 routing aliases per trading partner: `<ISA06 sender id>|<GS08 as sent>` (or `*|<GS08>` for every partner) → the implementation guide (GS08 / ST03) the group is routed to and parsed as, e.g. `{"ACME|005010X279":"005010X279A1"}`. Routing is by GS01 + the (aliased) GS08.',
    (v) => /^[0-9]{6}X[0-9]{3}[A-Z0-9]*$/.test(v), 'each value a 5010 implementation guide id such as 005010X279A1'),
  terminologyWarmup: booleanSetting('TERMINOLOGY_WARMUP', true, 'Load the terminology content in the background once the server listens: the shipped ConceptMaps and FHIR core content, and every imported code system (`npm run terminology:import`), indexed in short slices. `false`: each loads on the first request that needs it.'),
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
  if ((c.oidcIssuerUrl === undefined) !== (c.oidcClientId === undefined)) {
    throw new ConfigError(c.oidcIssuerUrl === undefined ? 'OIDC_ISSUER_URL' : 'OIDC_CLIENT_ID', 'to be set together with ' +
      (c.oidcIssuerUrl === undefined ? 'OIDC_CLIENT_ID' : 'OIDC_ISSUER_URL'), undefined);
  }
  if ((c.mllpTlsCert === undefined) !== (c.mllpTlsKey === undefined)) {
    throw new ConfigError(c.mllpTlsCert === undefined ? 'MLLP_TLS_CERT' : 'MLLP_TLS_KEY', 'to be set together with ' +
      (c.mllpTlsCert === undefined ? 'MLLP_TLS_KEY' : 'MLLP_TLS_CERT'), undefined);
  }
  if (c.mllpRequireClientCert && (c.mllpTlsCert === undefined || c.mllpTlsCa === undefined)) {
    throw new ConfigError('MLLP_REQUIRE_CLIENT_CERT', 'MLLP_TLS_CERT, MLLP_TLS_KEY and MLLP_TLS_CA to be set', 'true');
  }
  for (const item of c.mllpAllowlist?.split(',') ?? []) {
    const [address = '', prefix] = item.trim().split('/');
    const family = isIP(address);
    const max = family === 4 ? 32 : 128;
    if (family === 0 || (prefix !== undefined && (!/^\d{1,3}$/.test(prefix) || Number(prefix) > max))) {
      throw new ConfigError('MLLP_ALLOWLIST', 'comma-separated IP addresses or CIDR ranges', c.mllpAllowlist);
    }
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
