/** Row shapes read back from SQLite and their conversion to port types. */
import type { Resource } from 'fhir/r4.js';
import type { ResourceVersion } from '../../ports/fhir-store.js';

/** A `history` row as selected by `VERSION_COLUMNS`. */
export interface VersionRow {
  readonly hid: number;
  readonly type: string;
  readonly id: string;
  readonly version_id: number;
  readonly last_updated: string;
  readonly lu_ms: number;
  readonly deleted: number;
  readonly method: string;
  readonly content: string | null;
}

export const VERSION_COLUMNS = 'h.hid, h.type, h.id, h.version_id, h.last_updated, h.lu_ms, h.deleted, h.method, h.content';

const METHODS = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

export function toVersion(row: VersionRow): ResourceVersion {
  const method = METHODS.has(row.method) ? (row.method as ResourceVersion['method']) : 'PUT';
  return {
    resourceType: row.type,
    id: row.id,
    versionId: row.version_id,
    lastUpdated: row.last_updated,
    deleted: row.deleted !== 0,
    method,
    resource: row.content === null ? undefined : (JSON.parse(row.content) as Resource),
  };
}
