/** The verified access token of a request, attached by the bearer middleware. */
import type { Response } from 'express';
import type { AccessToken } from '../../auth/token-service.js';

const tokens = new WeakMap<Response, AccessToken>();

/** Records the verified token for this response's request. */
export function setAuth(res: Response, token: AccessToken): void {
  tokens.set(res, token);
}

/** The verified token, or undefined on public routes. */
export function authOf(res: Response): AccessToken | undefined {
  return tokens.get(res);
}
