/**
 * The assembled app for end-to-end tests: the real FhirRepository over SqliteFhirStore(':memory:'),
 * the real registry, extractor and schema validator, and the real auth service (keys in a temp dir).
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import request from 'supertest';
import { createApp } from '../../../src/api/app.js';
import { openAuthService } from '../../../src/auth/auth-service.js';
import { MemoryClientStore } from '../../../src/auth/memory-client-store.js';
import { hashSecret } from '../../../src/auth/secret-hash.js';
import { createIndexExtractor } from '../../../src/core/search/extract.js';
import { loadSearchParamRegistry } from '../../../src/core/search/registry.js';
import { silentLogger } from '../../../src/log/logger.js';
import { FhirRepository } from '../../../src/repository/fhir-repository.js';
import { SqliteFhirStore } from '../../../src/store/sqlite/sqlite-fhir-store.js';
import { createSchemaValidator } from '../../../src/validation/index.js';
export const ADMIN_ID = 'test-admin';
export const ADMIN_SECRET = 'test-admin-secret-0123456789';
/** A client allowed only `system/Patient.rs system/Observation.read`. */
export const READER_ID = 'test-reader';
export const READER_SECRET = 'test-reader-secret-0123456789';
/** The public base of the test app; `${PUBLIC_BASE}/fhir` references count as local (as main.ts wires it). */
export const PUBLIC_BASE = 'http://gateway.test';
export async function startTestApp(options = {}) {
    const dataDir = await mkdtemp(join(tmpdir(), 'lyfe-e2e-'));
    // A registry of its own: SearchParameters written through the API change it.
    const registry = loadSearchParamRegistry();
    const localBaseUrls = [`${PUBLIC_BASE}/fhir`];
    const extractor = createIndexExtractor(registry, { localBaseUrls });
    const sqlite = SqliteFhirStore.open({ path: ':memory:', registry, extractor });
    const store = options.wrapStore ? options.wrapStore(sqlite) : sqlite;
    let n = 0;
    const repo = new FhirRepository({
        store,
        registry,
        extractor,
        validator: createSchemaValidator(),
        clock: () => new Date(),
        ids: () => `id-${(++n).toString().padStart(6, '0')}`,
        config: { localBaseUrls, ...options.repository },
        ...(options.terminology !== undefined && { terminology: options.terminology.service, terminologyContent: options.terminology.content }),
        ...(options.profiles !== undefined && { profiles: options.profiles }),
    });
    const clients = new MemoryClientStore();
    await clients.put({
        clientId: READER_ID,
        secretHash: await hashSecret(READER_SECRET),
        scope: 'system/Patient.rs system/Observation.read',
        grantTypes: ['client_credentials'],
        name: 'reader',
        createdAt: new Date().toISOString(),
    });
    const { auth } = await openAuthService({
        dataDir,
        issuer: 'http://gateway.test',
        tokenTtlSeconds: 300,
        bootstrapClientId: ADMIN_ID,
        bootstrapClientSecret: ADMIN_SECRET,
        clock: () => new Date(),
        clients,
    });
    const app = createApp({
        repo,
        registry,
        auth,
        logger: silentLogger(),
        config: { publicBaseUrl: PUBLIC_BASE, maxBodyBytes: 64 * 1024 },
        ready: options.ready ?? (() => store.ping()),
        ...(options.terminology !== undefined && { terminology: options.terminology.service }),
    });
    return {
        app,
        repo,
        auth,
        async token(scope, clientId = ADMIN_ID, secret = ADMIN_SECRET) {
            const form = { grant_type: 'client_credentials' };
            if (scope !== undefined)
                form['scope'] = scope;
            const res = await request(app).post('/oauth2/token').auth(clientId, secret).type('form').send(form);
            if (res.status !== 200)
                throw new Error(`token: ${res.status} ${JSON.stringify(res.body)}`);
            return res.body.access_token;
        },
        async close() {
            await store.close();
            await rm(dataDir, { recursive: true, force: true });
        },
    };
}
//# sourceMappingURL=test-app.js.map