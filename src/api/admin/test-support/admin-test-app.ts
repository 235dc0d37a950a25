/**
 * Test support for the admin API: the e2e test app (real repository, SQLite, auth service) with the
 * local terminology service of terminology/mapping's fixtures, plus an app serving `adminRoutes`.
 */
import type { Express } from 'express';
import { loadSearchParamRegistry } from '../../../core/search/registry.js';
import { silentLogger } from '../../../log/logger.js';
import type { FhirStore } from '../../../ports/fhir-store.js';
import type { LocalTerminologyService } from '../../../terminology/local/local-terminology-service.js';
import { mappingTestService } from '../../../terminology/mapping/test-fixtures.js';
import { PUBLIC_BASE, startTestApp, type TestApp } from '../../../../test/e2e/support/test-app.js';
import { createApp } from '../../app.js';
import type { AdminRoutes } from '../router.js';

export interface AdminTestApp {
  readonly base: TestApp;
  readonly store: FhirStore;
  readonly terminology: LocalTerminologyService;
  /** The app with the admin routes of `build`. */
  readonly app: Express;
  close(): Promise<void>;
}

/** Starts the test app; `build` makes the admin route modules from its parts. */
export async function startAdminTestApp(build: (parts: { base: TestApp; store: FhirStore; terminology: LocalTerminologyService }) => AdminRoutes[]): Promise<AdminTestApp> {
  const terminology = mappingTestService();
  let store: FhirStore | undefined;
  const base = await startTestApp({
    terminology: { service: terminology, content: terminology.content },
    repository: { referentialIntegrity: false },
    wrapStore: (s) => (store = s),
  });
  if (store === undefined) throw new Error('store not captured');
  const app = createApp({
    repo: base.repo, registry: loadSearchParamRegistry(), auth: base.auth, logger: silentLogger(),
    config: { publicBaseUrl: PUBLIC_BASE, maxBodyBytes: 64 * 1024 }, ready: () => Promise.resolve(), terminology,
    adminRoutes: build({ base, store, terminology }),
  });
  return { base, store, terminology, app, close: () => base.close() };
}
