/**
 * A fast path for the hottest interaction, a plain read `GET /fhir/{type}/{id}`, served straight on
 * node:http without express' router, parsers and response helpers. It applies the same rules as the
 * express route (JSON negotiation, bearer token, scope, id syntax, the repository's read) and answers
 * only the plain success; anything else — a query string, a body, a conditional header, `Prefer`, a
 * token not verified before, a missing scope, a granular (`?param=`) scope, an error from the repository
 * — is handed to the full application unchanged, which then answers exactly as it always does. The
 * token's compiled policy decides, and a compartment-confined token reads through the same compartment
 * check as the full path: the repository's, the first time a resource version is read for a compartment,
 * then remembered for that exact version (`compartment-memo.ts`) so later reads skip parsing it.
 * https://hl7.org/fhir/R4/http.html#read
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { AuthService } from '../auth/auth-service.js';
import type { AccessToken } from '../auth/token-service.js';
import { policyOf } from '../auth/policy/policy-cache.js';
import { logWhenDone, requestIdFrom, runWithLogContext, type Logger } from '../log/logger.js';
import type { FhirInteractions, RequestContext, ResourceJson } from '../repository/types.js';
import { CompartmentMemo } from './compartment-memo.js';
import { FHIR_JSON, setVersionHeaders } from './fhir/http.js';
import { acceptsJson, hasBody } from './middleware/content-negotiation.js';

/** What the fast path needs: a subset of `AppDeps` plus the served resource types. */
export interface FastReadDeps {
  readonly repo: FhirInteractions;
  readonly auth: AuthService;
  readonly logger: Logger;
  /** The FHIR base (`${publicBaseUrl}/fhir`); the fast path is only used when it is fixed. */
  readonly fhirBase: string;
  readonly resourceTypes: readonly string[];
  /** Remembered compartment checks (default: a private memo of `DEFAULT_COMPARTMENT_MEMO_SIZE`). */
  readonly compartmentMemo?: CompartmentMemo;
}

/** A node:http handler that either serves the request or calls `next` without having touched it. */
export type FastHandler = (req: IncomingMessage, res: ServerResponse, next: () => void) => void;

// The same syntax the express route accepts: a type name and a FHIR id, nothing percent-encoded.
const READ_PATH = /^\/fhir\/([A-Z][A-Za-z]{0,63})\/([A-Za-z0-9\-.]{1,64})$/;
const BEARER = /^Bearer[ ]+([A-Za-z0-9\-._~+/]+=*)$/i;

/** Builds the fast read handler. */
export function fastRead(deps: FastReadDeps): FastHandler {
  const types = new Set(deps.resourceTypes);
  const { repo } = deps;
  // The stored JSON text when the repository offers it (no parse → stringify round trip).
  const readJson = (ctx: RequestContext, type: string, id: string): Promise<ResourceJson> => repo.readJson !== undefined
    ? repo.readJson(ctx, type, id)
    : repo.read(ctx, type, id).then((r) => ({ json: JSON.stringify(r), meta: r.meta ?? {} }));
  const memo = deps.compartmentMemo ?? new CompartmentMemo();
  /**
   * A confined read: the stored text when this version was already found inside the compartment,
   * otherwise the repository's confined read (its compartment check), remembered when it succeeds.
   */
  const readConfined = (ctx: RequestContext, compartment: string, type: string, id: string): Promise<ResourceJson> => {
    const checked = (): Promise<ResourceJson> => readJson(ctx, type, id).then((r) => {
      memo.remember(compartment, type, id, r.meta);
      return r;
    });
    if (repo.readJson === undefined) return checked();
    // A promise chain, not an async function: this runs on every confined read (no extra awaits).
    return repo.readJson({ ...ctx, patientCompartment: undefined }, type, id).then((stored) => (memo.has(compartment, type, id, stored.meta) ? stored : checked()));
  };
  /**
   * The cached token of an `Authorization: Bearer <token>` header. The common form (`Bearer ` and the
   * token) is looked up as is: only strings the full path verified are in the cache, so a malformed
   * one simply misses. Other spellings (case, extra spaces) go through the full syntax check.
   */
  const bearerOf = (header: string | undefined): AccessToken | undefined => {
    if (header === undefined) return undefined;
    if (header.startsWith('Bearer ') && header.charCodeAt(7) !== 32) {
      const hit = deps.auth.verifyCached(header.slice(7));
      if (hit !== undefined) return hit;
    }
    const m = BEARER.exec(header.trim());
    return m?.[1] === undefined ? undefined : deps.auth.verifyCached(m[1]);
  };
  return (req, res, next) => {
    const h = req.headers;
    const m = req.method === 'GET' ? READ_PATH.exec(req.url ?? '') : null;
    const type = m?.[1];
    const id = m?.[2];
    if (
      type === undefined || id === undefined || !types.has(type) || hasBody(h) || !acceptsJson(h.accept)
      || h['if-none-match'] !== undefined || h['if-modified-since'] !== undefined || h.prefer !== undefined
    ) {
      next();
      return;
    }
    // Only tokens already verified (and cached) by the full path: verification and its 401 stay there.
    const token = bearerOf(h.authorization);
    const decision = token === undefined ? undefined : policyOf(token).decide(type, 'r');
    if (token === undefined || decision?.allowed !== true || decision.constraints !== undefined) {
      next();
      return;
    }
    const started = process.hrtime.bigint();
    const context = { requestId: requestIdFrom(h['x-request-id']), clientId: token.clientId };
    const ctx: RequestContext = { baseUrl: deps.fhirBase, source: `#${token.clientId}`, lenient: false, patientCompartment: decision.compartment };
    // Listening from the start, so a client that goes away during the read still gets its line.
    const log = logWhenDone(deps.logger, context, req, res, started);
    const compartment = decision.compartment;
    runWithLogContext(context, () => (compartment === undefined ? readJson(ctx, type, id) : readConfined(ctx, compartment, type, id))).then(
      ({ json: body, meta }) => {
        if (log.written()) return; // closed meanwhile
        res.setHeader('X-Request-Id', context.requestId);
        setVersionHeaders(res, { meta });
        res.setHeader('Content-Type', FHIR_JSON);
        res.setHeader('Content-Length', Buffer.byteLength(body));
        res.statusCode = 200;
        res.end(body);
      },
      // 404, 410, compartment refusals and store failures: the full path reads again and answers (and logs).
      () => {
        if (log.written()) return;
        log.cancel();
        next();
      },
    );
  };
}
