-- Keel jobs, SQLite. Times are Unix epoch milliseconds (INTEGER) from the database's clock.

CREATE TABLE keel_jobs (
  id               INTEGER PRIMARY KEY AUTOINCREMENT,
  queue            TEXT    NOT NULL,
  type             TEXT    NOT NULL,
  payload          TEXT    NOT NULL,
  state            TEXT    NOT NULL CHECK (state IN ('scheduled', 'available', 'running', 'retrying',
                                                     'completed', 'dead', 'discarded', 'cancelled')),
  priority         INTEGER NOT NULL,
  attempt          INTEGER NOT NULL DEFAULT 0,
  max_attempts     INTEGER NOT NULL,
  owner_id         TEXT    NOT NULL,
  operation_hash   TEXT,
  idempotency_key  TEXT    NOT NULL,
  run_at           INTEGER NOT NULL,
  enqueued_at      INTEGER NOT NULL,
  attempted_at     INTEGER,
  start_latency_ms INTEGER,
  finished_at      INTEGER,
  worker_id        TEXT,
  lease_token      TEXT,
  lease_expires_at INTEGER,
  result           TEXT,
  last_error_type  TEXT,
  errors           TEXT    NOT NULL DEFAULT '[]'
);

CREATE INDEX keel_jobs_ready_idx ON keel_jobs (queue, priority, run_at, id)
  WHERE state IN ('scheduled', 'available', 'retrying');
CREATE INDEX keel_jobs_running_idx ON keel_jobs (lease_expires_at) WHERE state = 'running';
CREATE INDEX keel_jobs_dead_idx ON keel_jobs (queue, id) WHERE state = 'dead';
CREATE INDEX keel_jobs_finished_idx ON keel_jobs (finished_at)
  WHERE state IN ('completed', 'cancelled', 'discarded');
CREATE INDEX keel_jobs_attempted_idx ON keel_jobs (attempted_at) WHERE attempted_at IS NOT NULL;

CREATE TABLE keel_job_dedup (
  owner_id       TEXT    NOT NULL,
  operation_hash TEXT    NOT NULL,
  job_id         INTEGER NOT NULL,
  expires_at     INTEGER NOT NULL,
  PRIMARY KEY (owner_id, operation_hash)
);
CREATE INDEX keel_job_dedup_expires_idx ON keel_job_dedup (expires_at);

CREATE TABLE keel_rate_limits (
  name       TEXT PRIMARY KEY,
  tokens     REAL    NOT NULL,
  updated_at INTEGER NOT NULL
);
