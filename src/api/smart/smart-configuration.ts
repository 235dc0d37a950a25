/**
 * SMART discovery document, served at `/.well-known/smart-configuration` and
 * `/fhir/.well-known/smart-configuration`, and the OpenID Connect discovery document for
 * `sso-openid-connect`. Lists only what is implemented.
 * https://hl7.org/fhir/smart-app-launch/conformance.html, https://openid.net/specs/openid-connect-discovery-1_0.html
 */
import type { Request, RequestHandler } from 'express';
import { ASSERTION_ALGS } from '../../auth/client-assertion.js';
import { SIGNING_ALG } from '../../auth/signing-key.js';
import type { ApiConfig } from '../types.js';
import { GRANT_TYPES } from './token-endpoint.js';

/** The site root URL (the FHIR base without `/fhir`). */
export function siteRoot(req: Request, config: ApiConfig): string {
  return config.publicBaseUrl ?? `${req.protocol}://${req.get('host') ?? 'localhost'}`;
}

/** SMART capabilities this server really implements. https://hl7.org/fhir/smart-app-launch/conformance.html#capabilities */
export const CAPABILITIES = [
  'launch-ehr',
  'launch-standalone',
  'authorize-post',
  'client-public',
  'client-confidential-symmetric',
  'client-confidential-asymmetric',
  'context-ehr-patient',
  'context-ehr-encounter',
  'context-standalone-patient',
  'sso-openid-connect',
  'permission-offline',
  'permission-online',
  // patient/ scopes are enforced on every FHIR path: docs/authorization.md, test/e2e/authz-leak.test.ts.
  'permission-patient',
  'permission-user',
  'permission-v1',
  'permission-v2',
] as const;

const AUTH_METHODS = ['client_secret_basic', 'client_secret_post', 'private_key_jwt', 'none'];

const SCOPES = [
  'openid', 'fhirUser', 'profile', 'launch', 'launch/patient', 'launch/encounter', 'offline_access', 'online_access',
  'patient/*.rs', 'patient/*.cruds', 'patient/*.read', 'user/*.rs', 'user/*.cruds', 'user/*.read', 'user/*.write',
  'system/*.rs', 'system/*.cruds', 'system/*.read', 'system/*.write', 'admin',
];

export function smartConfiguration(config: ApiConfig): RequestHandler {
  return (req, res) => {
    const root = siteRoot(req, config);
    res.setHeader('Cache-Control', 'public, max-age=3600');
    res.status(200).json({
      issuer: root,
      jwks_uri: `${root}/oauth2/jwks`,
      authorization_endpoint: `${root}/oauth2/authorize`,
      token_endpoint: `${root}/oauth2/token`,
      introspection_endpoint: `${root}/oauth2/introspect`,
      revocation_endpoint: `${root}/oauth2/revoke`,
      registration_endpoint: `${root}/oauth2/register`,
      grant_types_supported: [...GRANT_TYPES],
      token_endpoint_auth_methods_supported: AUTH_METHODS,
      token_endpoint_auth_signing_alg_values_supported: [...ASSERTION_ALGS],
      id_token_signing_alg_values_supported: [SIGNING_ALG],
      scopes_supported: SCOPES,
      response_types_supported: ['code'],
      code_challenge_methods_supported: ['S256'],
      capabilities: [...CAPABILITIES],
    });
  };
}

/** `/.well-known/openid-configuration` (OpenID Connect discovery for the ID tokens we issue). */
export function openidConfiguration(config: ApiConfig): RequestHandler {
  return (req, res) => {
    const root = siteRoot(req, config);
    res.setHeader('Cache-Control', 'public, max-age=3600');
    res.status(200).json({
      issuer: root,
      jwks_uri: `${root}/oauth2/jwks`,
      authorization_endpoint: `${root}/oauth2/authorize`,
      token_endpoint: `${root}/oauth2/token`,
      registration_endpoint: `${root}/oauth2/register`,
      response_types_supported: ['code'],
      subject_types_supported: ['public'],
      id_token_signing_alg_values_supported: [SIGNING_ALG],
      scopes_supported: ['openid', 'fhirUser', 'profile'],
      claims_supported: ['iss', 'sub', 'aud', 'exp', 'iat', 'nonce', 'fhirUser'],
      token_endpoint_auth_methods_supported: AUTH_METHODS,
      grant_types_supported: ['authorization_code', 'refresh_token'],
      code_challenge_methods_supported: ['S256'],
    });
  };
}
