/**
 * The FHIR REST routes under `/fhir`: public metadata and discovery, then bearer authentication,
 * body handling and one route per interaction. Unsupported methods on a known route get 405.
 * https://hl7.org/fhir/R4/http.html
 */
import express, { type RequestHandler, type Router } from 'express';
import type { AuthService } from '../../auth/auth-service.js';
import { notFound } from '../../core/outcomes.js';
import { requireBearer } from '../middleware/authenticate.js';
import { formBody, jsonBody } from '../middleware/body-parsers.js';
import { checkRequestType, negotiateResponse } from '../middleware/content-negotiation.js';
import { methodNotAllowed, unknownRoute } from '../middleware/routing-errors.js';
import { capabilities } from './capabilities.js';
import { create } from './create.js';
import { conditionalDelete, deleteResource } from './delete.js';
import type { FhirDeps } from './deps.js';
import { everything } from './everything.js';
import { history } from './history.js';
import { unknownType } from './http.js';
import { meta, metaInUse } from './meta.js';
import { reindex, reindexStatus } from './reindex.js';
import { conditionalPatch, patch } from './patch.js';
import { read } from './read.js';
import { terminologyRoutes } from './terminology/routes.js';
import { compartmentSearch, systemSearch, typeSearch } from './search.js';
import { transaction } from './transaction.js';
import { conditionalUpdate, update } from './update.js';
import { validate } from './validate.js';
import { vread } from './vread.js';

type Method = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

export interface FhirRouterDeps extends FhirDeps {
  readonly auth: AuthService;
  /** Concrete resource types served (from the registry). */
  readonly resourceTypes: readonly string[];
  /** The SMART discovery handler (also served at the site root). */
  readonly smartConfiguration: RequestHandler;
  readonly now: Date;
}

/** Builds the `/fhir` router. */
export function fhirRouter(deps: FhirRouterDeps): Router {
  const r = express.Router({ caseSensitive: true });
  const types = new Set(deps.resourceTypes);
  const route = (path: string, handlers: Partial<Record<Method, RequestHandler>>): void => {
    const rt = r.route(path);
    for (const [method, handler] of Object.entries(handlers)) {
      rt[method.toLowerCase() as Lowercase<Method>](handler);
    }
    rt.all(methodNotAllowed(Object.keys(handlers)));
  };

  r.use(negotiateResponse());
  route('/metadata', { GET: capabilities(deps, deps.resourceTypes, deps.now) });
  route('/.well-known/smart-configuration', { GET: deps.smartConfiguration });

  r.use(requireBearer(deps.auth));
  r.use(checkRequestType());
  r.use(jsonBody(deps.config.maxBodyBytes));
  r.use(formBody(deps.config.maxBodyBytes));
  r.param('type', (_req, _res, next, value: unknown) => {
    if (typeof value !== 'string' || !types.has(value)) {
      try {
        unknownType(String(value));
      } catch (e) {
        next(e);
        return;
      }
    }
    next();
  });

  r.param('id', (_req, _res, next, value: unknown) => {
    // `[type]/$op` for an operation we do not have: 404 whatever the method, not 405.
    next(typeof value === 'string' && value.startsWith('$') ? notFound(`Unknown operation '${value.slice(0, 80)}'`) : undefined);
  });

  route('/', { GET: systemSearch(deps), POST: transaction(deps) });
  route('/_search', { POST: systemSearch(deps) });
  route('/_history', { GET: history(deps, 'system') });
  route('/$meta', { GET: metaInUse(deps, 'system'), POST: metaInUse(deps, 'system') });
  route('/$reindex', { POST: reindex(deps) });
  route('/$reindex-status/:jobId', { GET: reindexStatus(deps) });
  route('/:type', {
    GET: typeSearch(deps),
    POST: create(deps),
    PUT: conditionalUpdate(deps),
    PATCH: conditionalPatch(deps),
    DELETE: conditionalDelete(deps),
  });
  route('/:type/_search', { POST: typeSearch(deps) });
  route('/:type/_history', { GET: history(deps, 'type') });
  route('/:type/$validate', { POST: validate(deps, 'type') });
  route('/:type/$meta', { GET: metaInUse(deps, 'type'), POST: metaInUse(deps, 'type') });
  if (deps.terminology !== undefined) {
    for (const t of terminologyRoutes(deps, deps.terminology)) route(t.path, { GET: t.handler, POST: t.handler });
  }
  route('/Patient/$everything', { GET: everything(deps, 'type'), POST: everything(deps, 'type') });
  route('/Patient/:id/$everything', { GET: everything(deps, 'instance'), POST: everything(deps, 'instance') });
  route('/:type/:id', { GET: read(deps), PUT: update(deps), PATCH: patch(deps), DELETE: deleteResource(deps) });
  route('/:type/:id/_history', { GET: history(deps, 'instance') });
  route('/:type/:id/_history/:vid', { GET: vread(deps) });
  route('/:type/:id/$validate', { GET: validate(deps, 'instance'), POST: validate(deps, 'instance') });
  route('/:type/:id/$meta', { GET: meta(deps, '$meta'), POST: meta(deps, '$meta') });
  route('/:type/:id/_history/:vid/$meta', { GET: meta(deps, '$meta'), POST: meta(deps, '$meta') });
  route('/:type/:id/$meta-add', { POST: meta(deps, '$meta-add') });
  route('/:type/:id/$meta-delete', { POST: meta(deps, '$meta-delete') });
  route('/Patient/:id/:compartmentType', { GET: compartmentSearch(deps, types) });
  r.use(unknownRoute());
  return r;
}
