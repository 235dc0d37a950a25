/**
 * SMART discovery document, served at `/.well-known/smart-configuration` and
 * `/fhir/.well-known/smart-configuration`. Lists only what is implemented.
 * https://hl7.org/fhir/smart-app-launch/conformance.html
 */
import type { Request, RequestHandler } from 'express';
import type { ApiConfig } from '../types.js';

/** The site root URL (the FHIR base without `/fhir`). */
export function siteRoot(req: Request, config: ApiConfig): string {
  return config.publicBaseUrl ?? `${req.protocol}://${req.get('host') ?? 'localhost'}`;
}

export function smartConfiguration(config: ApiConfig): RequestHandler {
  return (req, res) => {
    const root = siteRoot(req, config);
    res.setHeader('Cache-Control', 'public, max-age=3600');
    res.status(200).json({
      issuer: root,
      jwks_uri: `${root}/oauth2/jwks`,
      token_endpoint: `${root}/oauth2/token`,
      grant_types_supported: ['client_credentials'],
      token_endpoint_auth_methods_supported: ['client_secret_basic', 'client_secret_post'],
      scopes_supported: ['system/*.cruds', 'system/*.rs', 'system/*.read', 'system/*.write', 'system/*.*', 'admin'],
      response_types_supported: ['token'],
      capabilities: ['client-confidential-symmetric', 'permission-v1', 'permission-v2'],
    });
  };
}
