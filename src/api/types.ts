/**
 * What the HTTP layer is built from (`createApp(deps)`): ports and plain settings, wired by main.ts.
 */
import type { RequestHandler } from 'express';
import type { SearchParamRegistry } from '../core/search/types.js';
import type { FhirInteractions } from '../repository/types.js';
import type { AuthService } from '../auth/auth-service.js';
import type { LoginThrottleOptions } from '../auth/login-throttle.js';
import type { Logger } from '../log/logger.js';
import type { TerminologyService } from '../ports/terminology-service.js';
import type { AdminRoutes } from './admin/router.js';
import type { X12Receiver } from './ingest/x12.js';
import type { PasSubmitter } from './ingest/x12-submit.js';
import type { Hl7v2Receiver } from './ingest/hl7v2.js';


/** HTTP settings. */
export interface ApiConfig {
  /**
   * External origin (and path prefix, if any) of this server, without a trailing slash, e.g.
   * `https://gw.example.org`. The FHIR base is `${publicBaseUrl}/fhir`. Undefined: taken from each
   * request's protocol and Host header.
   */
  readonly publicBaseUrl: string | undefined;
  /** Largest accepted request body in bytes (413 beyond). */
  readonly maxBodyBytes: number;
  /** Failed sign-in throttling of the login form (`LOGIN_*` settings); absent: the defaults. */
  readonly loginThrottle?: LoginThrottleOptions;
  /**
   * Express `trust proxy` (`TRUST_PROXY`): which proxies' `X-Forwarded-For` / `-Proto` to believe, so
   * `req.ip` is the client's. Absent or false: the TCP peer. https://expressjs.com/en/guide/behind-proxies.html
   */
  readonly trustProxy?: boolean | number | readonly string[];
}

/** Everything `createApp` needs. */
export interface AppDeps {
  readonly repo: FhirInteractions;
  readonly registry: SearchParamRegistry;
  readonly auth: AuthService;
  readonly logger: Logger;
  readonly config: ApiConfig;
  /** Resolves when the app can serve (store reachable); `/readyz` answers 503 when it rejects. */
  readonly ready: () => Promise<void>;
  /** `GET /metrics` (Prometheus text), served without an access-log line; absent: no such route. */
  readonly metrics?: RequestHandler;
  /** The terminology service behind `$lookup`, `$validate-code`, `$expand`, `$translate`, `$subsumes`. */
  readonly terminology?: TerminologyService;
  /** Route modules served under `/admin/api` (bearer with `admin` scope); absent or empty: no admin API. */
  readonly adminRoutes?: readonly AdminRoutes[];
  /** The HL7 v2 pipeline behind `POST /ingest/hl7v2`; absent: no such route. */
  readonly hl7v2Ingest?: Hl7v2Receiver;
  /** The X12 pipeline behind `POST /ingest/x12` (absent: route not served). */
  readonly x12Ingest?: X12Receiver;
  /** Da Vinci PAS `Claim/$submit` (absent: not served). */
  readonly claimSubmit?: PasSubmitter;
}
