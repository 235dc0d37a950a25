/** In-memory ClientStore (tests, and deployments that register clients only from config). */
import type { ClientStore, OAuthClient } from '../ports/client-store.js';

/** ClientStore kept in a Map; lost on restart. */
export class MemoryClientStore implements ClientStore {
  private readonly clients = new Map<string, OAuthClient>();

  get(clientId: string): Promise<OAuthClient | undefined> {
    return Promise.resolve(this.clients.get(clientId));
  }
  put(client: OAuthClient): Promise<void> {
    this.clients.set(client.clientId, client);
    return Promise.resolve();
  }
  delete(clientId: string): Promise<boolean> {
    return Promise.resolve(this.clients.delete(clientId));
  }
  list(): Promise<readonly OAuthClient[]> {
    return Promise.resolve([...this.clients.values()]);
  }
}
