-- Keel jobs, PostgreSQL. Unqualified names: Flyway runs this with the store's schema as search_path.

-- One table for every state. Live rows are found through partial indexes that only hold live
-- states, so finished rows never slow the claim; the pruner deletes them after their retention.
-- fillfactor < 100 leaves room on each page for the updates a job goes through.
CREATE TABLE keel_jobs (
  id               BIGSERIAL PRIMARY KEY,
  queue            TEXT        NOT NULL,
  type             TEXT        NOT NULL,
  payload          TEXT        NOT NULL,
  state            TEXT        NOT NULL CHECK (state IN ('scheduled', 'available', 'running', 'retrying',
                                                         'completed', 'dead', 'discarded', 'cancelled')),
  priority         SMALLINT    NOT NULL,
  attempt          INTEGER     NOT NULL DEFAULT 0,
  max_attempts     INTEGER     NOT NULL,
  owner_id         TEXT        NOT NULL,
  operation_hash   TEXT,
  idempotency_key  TEXT        NOT NULL,
  run_at           TIMESTAMPTZ NOT NULL,
  enqueued_at      TIMESTAMPTZ NOT NULL DEFAULT now(),
  attempted_at     TIMESTAMPTZ,
  start_latency_ms BIGINT,
  finished_at      TIMESTAMPTZ,
  worker_id        TEXT,
  lease_token      TEXT,
  lease_expires_at TIMESTAMPTZ,
  result           TEXT,
  last_error_type  TEXT,
  errors           JSONB       NOT NULL DEFAULT '[]'::jsonb
) WITH (fillfactor = 80, autovacuum_vacuum_scale_factor = 0.02, autovacuum_analyze_scale_factor = 0.02);

-- The ready set: what the claim reads, in the claim's order.
CREATE INDEX keel_jobs_ready_idx ON keel_jobs (queue, priority, run_at, id)
  WHERE state IN ('scheduled', 'available', 'retrying');

-- Running jobs by lease deadline: the rescuer and per-type concurrency counts.
CREATE INDEX keel_jobs_running_idx ON keel_jobs (lease_expires_at) WHERE state = 'running';

-- The DLQ.
CREATE INDEX keel_jobs_dead_idx ON keel_jobs (queue, id) WHERE state = 'dead';

-- The pruner.
CREATE INDEX keel_jobs_finished_idx ON keel_jobs (finished_at)
  WHERE state IN ('completed', 'cancelled', 'discarded');

-- Start-latency window for queue statistics.
CREATE INDEX keel_jobs_attempted_idx ON keel_jobs (attempted_at) WHERE attempted_at IS NOT NULL;

-- The dedup ledger outlives the jobs it points to: pruning a finished job keeps its entry until it
-- expires, so a late duplicate still answers with the original id.
CREATE TABLE keel_job_dedup (
  owner_id       TEXT        NOT NULL,
  operation_hash TEXT        NOT NULL,
  job_id         BIGINT      NOT NULL,
  expires_at     TIMESTAMPTZ NOT NULL,
  PRIMARY KEY (owner_id, operation_hash)
);
CREATE INDEX keel_job_dedup_expires_idx ON keel_job_dedup (expires_at);

-- Token buckets shared by all nodes (admission control, starts per second).
CREATE TABLE keel_rate_limits (
  name       TEXT             PRIMARY KEY,
  tokens     DOUBLE PRECISION NOT NULL,
  updated_at TIMESTAMPTZ      NOT NULL
);
