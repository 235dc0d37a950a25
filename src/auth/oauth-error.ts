/**
 * OAuth 2.0 token endpoint errors (RFC 6749 §5.2). Rendered as `{error, error_description}` JSON by the
 * one error mapper (`api/middleware/error-handler.ts`), not as an OperationOutcome.
 */

/** The RFC 6749 §5.2 error codes. */
export type OAuthErrorCode =
  | 'invalid_request'
  | 'invalid_client'
  | 'invalid_grant'
  | 'unauthorized_client'
  | 'unsupported_grant_type'
  | 'invalid_scope';

/** HTTP status per code: 401 for client authentication, 400 otherwise. */
export const OAUTH_STATUS: Record<OAuthErrorCode, number> = {
  invalid_request: 400,
  invalid_client: 401,
  invalid_grant: 400,
  unauthorized_client: 400,
  unsupported_grant_type: 400,
  invalid_scope: 400,
};

/** A token endpoint error. https://datatracker.ietf.org/doc/html/rfc6749#section-5.2 */
export class OAuthError extends Error {
  constructor(
    readonly code: OAuthErrorCode,
    readonly description: string,
  ) {
    super(description);
    this.name = 'OAuthError';
  }
}
