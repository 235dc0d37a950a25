/**
 * SQLite layout of the inbox (`DATA_DIR/inbox.sqlite`): one row per received payload. Times are ISO
 * instants as `Date.toISOString()` writes them, so text order is time order. `UNIQUE(idem_key,
 * payload_hash)` makes a duplicate impossible to store twice; a conflict row shares the key with
 * another hash and points at the earlier row through `conflict_of`.
 * https://www.sqlite.org/wal.html
 */
import type Database from 'better-sqlite3';

const DDL = `
CREATE TABLE IF NOT EXISTS inbox(
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  format TEXT NOT NULL, channel TEXT NOT NULL, sender TEXT NOT NULL, origin TEXT NOT NULL,
  message_type TEXT, control_id TEXT, idem_key TEXT NOT NULL, payload_hash TEXT NOT NULL,
  raw BLOB, received_at TEXT NOT NULL, updated_at TEXT NOT NULL,
  state TEXT NOT NULL, attempts INTEGER NOT NULL DEFAULT 0,
  lease_owner TEXT, lease_until TEXT, not_before TEXT,
  ack_code TEXT, ack_text TEXT, ack_encoding TEXT, outcome TEXT, patient_key TEXT, conflict_of INTEGER,
  UNIQUE(idem_key, payload_hash));
CREATE INDEX IF NOT EXISTS inbox_due ON inbox(state, not_before) WHERE state IN ('received', 'processing');
CREATE INDEX IF NOT EXISTS inbox_state ON inbox(state, id);
CREATE INDEX IF NOT EXISTS inbox_sender ON inbox(sender, id);
CREATE INDEX IF NOT EXISTS inbox_type ON inbox(message_type, id);
CREATE INDEX IF NOT EXISTS inbox_control ON inbox(control_id, id);
CREATE INDEX IF NOT EXISTS inbox_received ON inbox(received_at);
`;

/**
 * WAL with `synchronous = NORMAL`: COMMIT does not fsync on the event loop; SqliteInbox fsyncs the WAL
 * itself (off the event loop, `WalSync`) before a `put` resolves, so the row is on disk (not only in the
 * OS cache) and a power cut cannot lose an acknowledged message: FULL's guarantee, paid once per batch of
 * group commits, not per message. SQLite still syncs the WAL header on restart and both files at
 * checkpoints.
 */
export function openInboxDatabase(db: Database.Database, memory: boolean): void {
  if (!memory) db.pragma('journal_mode = WAL');
  db.pragma('synchronous = NORMAL');
  db.pragma('busy_timeout = 5000');
  db.exec(DDL);
}
