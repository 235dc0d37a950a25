/**
 * OAuth 2.0 errors (RFC 6749 §4.1.2.1 and §5.2, RFC 7591 §3.2.2). Rendered as `{error, error_description}`
 * JSON by the one error mapper (`api/middleware/error-handler.ts`), not as an OperationOutcome; the
 * authorization endpoint sends them to the client's redirect_uri instead.
 */

/** The RFC 6749 / RFC 7591 error codes. */
export type OAuthErrorCode =
  | 'invalid_request'
  | 'invalid_client'
  | 'invalid_grant'
  | 'unauthorized_client'
  | 'unsupported_grant_type'
  | 'invalid_scope'
  | 'access_denied'
  | 'unsupported_response_type'
  | 'unsupported_token_type'
  | 'invalid_redirect_uri'
  | 'invalid_client_metadata'
  | 'server_error';

/** HTTP status per code: 401 for client authentication, 400 otherwise. */
export const OAUTH_STATUS: Record<OAuthErrorCode, number> = {
  invalid_request: 400,
  invalid_client: 401,
  invalid_grant: 400,
  unauthorized_client: 400,
  unsupported_grant_type: 400,
  invalid_scope: 400,
  access_denied: 403,
  unsupported_response_type: 400,
  unsupported_token_type: 400,
  invalid_redirect_uri: 400,
  invalid_client_metadata: 400,
  server_error: 500,
};

/** An OAuth error. https://datatracker.ietf.org/doc/html/rfc6749#section-5.2 */
export class OAuthError extends Error {
  constructor(
    readonly code: OAuthErrorCode,
    readonly description: string,
  ) {
    super(description);
    this.name = 'OAuthError';
  }
}
