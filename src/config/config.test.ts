import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { ConfigError, configTable, configTableMarkdown, loadConfig } from './config.js';

describe('loadConfig', () => {
  it('gives every documented default for an empty environment', () => {
    const c = loadConfig({});
    expect(c).toEqual({
      port: 8080,
      host: '0.0.0.0',
      mllpPort: 2575,
      dataDir: './data',
      mongodbUrl: undefined,
      mongodbDb: 'lyfeai',
      publicBaseUrl: 'http://localhost:8080',
      logLevel: 'info',
      bootstrapClientId: undefined,
      bootstrapClientSecret: undefined,
      tokenTtlSeconds: 3600,
      signingKeyRotationDays: 30,
      refreshTokenTtlDays: 30,
      oidcIssuerUrl: undefined,
      oidcClientId: undefined,
      oidcClientSecret: undefined,
      oidcFhirUserClaim: 'fhirUser',
      trustProxy: false,
      loginMaxFailures: 5,
      loginMaxFailuresPerIp: 20,
      loginLockoutSeconds: 60,
      loginLockoutMaxSeconds: 3600,
      loginFailureWindowSeconds: 900,
      searchDefaultCount: 20,
      searchMaxCount: 1000,
      maxBodyBytes: 50 * 1024 * 1024,
      referentialIntegrity: true,
      corpusDir: '../shared/corpus',
      mllpTlsCert: undefined,
      mllpTlsKey: undefined,
      mllpTlsCa: undefined,
      mllpRequireClientCert: false,
      mllpMaxFrameBytes: 10 * 1024 * 1024,
      mllpMaxConnections: 200,
      mllpIdleTimeoutMs: 300_000,
      mllpAllowlist: undefined,
      inboxRetentionDays: 30,
      inboxMaxAttempts: 10,
      pipelineConcurrency: 16,
      hl7v2IdentifierSystems: {},
      x12PartnerAliases: {},
      terminologyWarmup: true,
    });
    expect(Object.isFrozen(c)).toBe(true);
  });

  it.each([
    [{ PORT: '9090' }, 'port', 9090],
    [{ PORT: '0' }, 'port', 0],
    [{ PORT: '9090' }, 'publicBaseUrl', 'http://localhost:9090'],
    [{ PUBLIC_BASE_URL: 'https://fhir.example.org/' }, 'publicBaseUrl', 'https://fhir.example.org'],
    [{ MONGODB_URL: 'mongodb://a:1,b:2/?replicaSet=rs0' }, 'mongodbUrl', 'mongodb://a:1,b:2/?replicaSet=rs0'],
    [{ MONGODB_URL: '' }, 'mongodbUrl', undefined],
    [{ LOG_LEVEL: 'DEBUG' }, 'logLevel', 'debug'],
    [{ REFERENTIAL_INTEGRITY: 'false' }, 'referentialIntegrity', false],
    [{ REFERENTIAL_INTEGRITY: '0' }, 'referentialIntegrity', false],
    [{ MAX_BODY_BYTES: '512kb' }, 'maxBodyBytes', 512 * 1024],
    [{ MAX_BODY_BYTES: '2048' }, 'maxBodyBytes', 2048],
    [{ TOKEN_TTL_SECONDS: ' 600 ' }, 'tokenTtlSeconds', 600],
    [{ DATA_DIR: '/var/lib/lyfeai' }, 'dataDir', '/var/lib/lyfeai'],
    [{ TRUST_PROXY: 'true' }, 'trustProxy', true],
    [{ TRUST_PROXY: 'FALSE' }, 'trustProxy', false],
    [{ TRUST_PROXY: '1' }, 'trustProxy', 1],
    [{ TRUST_PROXY: 'loopback, 10.0.0.0/8,fd00::/8 ,192.168.1.7' }, 'trustProxy', ['loopback', '10.0.0.0/8', 'fd00::/8', '192.168.1.7']],
    [{ HL7V2_IDENTIFIER_SYSTEMS: '{"HOSP":"urn:oid:1.2.3","MRN":"http://hospital.example/mrn"}' }, 'hl7v2IdentifierSystems', { HOSP: 'urn:oid:1.2.3', MRN: 'http://hospital.example/mrn' }],
    [{ X12_PARTNER_ALIASES: '{"ACME|005010X279":"005010X279A1"}' }, 'x12PartnerAliases', { 'ACME|005010X279': '005010X279A1' }],
  ] as const)('%j sets %s', (env, key, expected) => {
    expect(loadConfig(env)[key]).toEqual(expected);
  });

  it.each([
    [{ PORT: 'abc' }, 'PORT'],
    [{ PORT: '70000' }, 'PORT'],
    [{ PORT: '80.5' }, 'PORT'],
    [{ MLLP_PORT: '-1' }, 'MLLP_PORT'],
    [{ LOG_LEVEL: 'loud' }, 'LOG_LEVEL'],
    [{ PUBLIC_BASE_URL: 'localhost:8080' }, 'PUBLIC_BASE_URL'],
    [{ PUBLIC_BASE_URL: 'ftp://x.org' }, 'PUBLIC_BASE_URL'],
    [{ MONGODB_URL: 'http://mongo:27017' }, 'MONGODB_URL'],
    [{ REFERENTIAL_INTEGRITY: 'maybe' }, 'REFERENTIAL_INTEGRITY'],
    [{ MAX_BODY_BYTES: '50 parsecs' }, 'MAX_BODY_BYTES'],
    [{ MAX_BODY_BYTES: '10' }, 'MAX_BODY_BYTES'],
    [{ TOKEN_TTL_SECONDS: '5' }, 'TOKEN_TTL_SECONDS'],
    [{ MLLP_TLS_CERT: 'cert.pem' }, 'MLLP_TLS_KEY'],
    [{ MLLP_REQUIRE_CLIENT_CERT: 'true' }, 'MLLP_REQUIRE_CLIENT_CERT'],
    [{ MLLP_ALLOWLIST: '10.0.0.0/8,not-an-ip' }, 'MLLP_ALLOWLIST'],
    [{ MLLP_ALLOWLIST: '10.0.0.0/40' }, 'MLLP_ALLOWLIST'],
    [{ TRUST_PROXY: 'yes' }, 'TRUST_PROXY'],
    [{ TRUST_PROXY: '101' }, 'TRUST_PROXY'],
    [{ TRUST_PROXY: '10.0.0.0/33' }, 'TRUST_PROXY'],
    [{ TRUST_PROXY: 'proxy.example.org' }, 'TRUST_PROXY'],
    [{ SEARCH_MAX_COUNT: '0' }, 'SEARCH_MAX_COUNT'],
    [{ SEARCH_DEFAULT_COUNT: '50', SEARCH_MAX_COUNT: '10' }, 'SEARCH_DEFAULT_COUNT'],
    [{ BOOTSTRAP_CLIENT_ID: 'ops' }, 'BOOTSTRAP_CLIENT_SECRET'],
    [{ BOOTSTRAP_CLIENT_SECRET: 'a-long-enough-secret' }, 'BOOTSTRAP_CLIENT_ID'],
    [{ BOOTSTRAP_CLIENT_ID: 'ops', BOOTSTRAP_CLIENT_SECRET: 'short' }, 'BOOTSTRAP_CLIENT_SECRET'],
    [{ HL7V2_IDENTIFIER_SYSTEMS: '["HOSP"]' }, 'HL7V2_IDENTIFIER_SYSTEMS'],
    [{ HL7V2_IDENTIFIER_SYSTEMS: '{"HOSP":' }, 'HL7V2_IDENTIFIER_SYSTEMS'],
    [{ HL7V2_IDENTIFIER_SYSTEMS: '{"HOSP":"not a uri"}' }, 'HL7V2_IDENTIFIER_SYSTEMS'],
  ])('%j is rejected naming %s', (env, variable) => {
    let error: unknown;
    try {
      loadConfig(env);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as ConfigError).variable).toBe(variable);
    expect((error as ConfigError).message).toContain(variable);
    expect((error as ConfigError).message).toMatch(/expected /);
  });

  it('never echoes a secret or a MongoDB password in the error', () => {
    expect(() => loadConfig({ BOOTSTRAP_CLIENT_ID: 'ops', BOOTSTRAP_CLIENT_SECRET: 'tiny!' })).toThrow(/^(?!.*tiny!)/s);
    expect(() => loadConfig({ MONGODB_URL: 'postgres://u:hunter2@db/x' })).toThrow(ConfigError);
    expect(() => loadConfig({ MONGODB_URL: 'postgres://u:hunter2@db/x' })).not.toThrow(/hunter2/);
  });

  it('accepts both bootstrap credentials together', () => {
    const c = loadConfig({ BOOTSTRAP_CLIENT_ID: 'ops', BOOTSTRAP_CLIENT_SECRET: 'a-long-enough-secret' });
    expect([c.bootstrapClientId, c.bootstrapClientSecret]).toEqual(['ops', 'a-long-enough-secret']);
  });
});

describe('configTable', () => {
  const names = configTable().map((r) => r.name);

  it('declares every setting once', () => {
    expect(new Set(names).size).toBe(names.length);
    expect(names).toEqual(expect.arrayContaining([
      'PORT', 'HOST', 'MLLP_PORT', 'DATA_DIR', 'MONGODB_URL', 'MONGODB_DB', 'PUBLIC_BASE_URL', 'LOG_LEVEL',
      'BOOTSTRAP_CLIENT_ID', 'BOOTSTRAP_CLIENT_SECRET', 'TOKEN_TTL_SECONDS', 'SEARCH_DEFAULT_COUNT',
      'SEARCH_MAX_COUNT', 'MAX_BODY_BYTES', 'REFERENTIAL_INTEGRITY', 'CORPUS_DIR',
    ]));
  });

  it('is reproduced exactly in README.md (regenerate it with configTableMarkdown())', () => {
    const readme = readFileSync(fileURLToPath(new URL('../../README.md', import.meta.url)), 'utf8');
    for (const name of names) expect(readme).toContain(`\`${name}\``);
    expect(readme).toContain(configTableMarkdown());
  });
});
