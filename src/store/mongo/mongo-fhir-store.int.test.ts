/**
 * The FhirStore contract against a real MongoDB (a replica set: transactions need one). Run with
 * `MONGODB_URL=mongodb://localhost:27017/?replicaSet=rs0 npm run test:mongo`; each store gets its own
 * throw-away database. Without MONGODB_URL the run says so and checks nothing about MongoDB.
 */
import { randomUUID } from 'node:crypto';
import { MongoClient } from 'mongodb';
import { describe, expect, it } from 'vitest';
import { createIndexExtractor } from '../../core/search/extract.js';
import { defaultSearchParamRegistry } from '../../core/search/registry.js';
import { describeFhirStoreContract } from '../contract/fhir-store-contract.js';
import { MongoFhirStore } from './mongo-fhir-store.js';

const url = process.env['MONGODB_URL'];

if (url === undefined || url === '') {
  describe('MongoFhirStore on a real MongoDB', () => {
    it('MONGODB_URL not set: skipping real-MongoDB contract run', () => {
      console.log('MONGODB_URL not set: skipping real-MongoDB contract run');
      expect(url ?? '').toBe('');
    });
  });
} else {
  const registry = defaultSearchParamRegistry();
  const extractor = createIndexExtractor(registry);
  describeFhirStoreContract('mongo (real server)', async () => {
    const client = await MongoClient.connect(url);
    const db = client.db(`fhir_contract_${randomUUID().slice(0, 8)}`);
    const store = await MongoFhirStore.open({ db, client, registry, extractor });
    return {
      store,
      registry,
      cleanup: async () => {
        await db.dropDatabase();
        await store.close();
      },
    };
  });
}
