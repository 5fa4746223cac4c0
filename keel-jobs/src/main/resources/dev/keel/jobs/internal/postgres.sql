-- Keel jobs on PostgreSQL. Names are unqualified: the store's schema is on the search_path.
-- Every time that matters is now() of the database. Durations are bound as milliseconds.

-- name: DedupLookupMany
SELECT d.owner_id, d.operation_hash, d.job_id
FROM keel_job_dedup d
JOIN unnest(CAST(? AS text[]), CAST(? AS text[])) AS a(o, h)
  ON d.owner_id = a.o AND d.operation_hash = a.h;

-- name: EnqueueMany
-- Dedup ledger claim and job insert in one statement (so an auto-commit enqueue is one round
-- trip). Rows come without in-batch duplicates (the caller resolves those). A row with a hash is
-- inserted only when its ledger entry was claimed here (new, or expired); the ledger rows are
-- locked in key order, so concurrent batches cannot deadlock. Rows not returned are duplicates.
WITH a AS (
  SELECT * FROM unnest(CAST(? AS text[]), CAST(? AS text[]), CAST(? AS text[]), CAST(? AS int[]),
                       CAST(? AS int[]), CAST(? AS text[]), CAST(? AS text[]), CAST(? AS text[]),
                       CAST(? AS bigint[]), CAST(? AS bigint[]))
         AS a(queue, type, payload, priority, max_attempts, owner_id, hash, idem, run_at_ms,
              delay_ms)
), d AS (
  INSERT INTO keel_job_dedup (owner_id, operation_hash, job_id, expires_at)
  SELECT a.owner_id, a.hash, nextval(pg_get_serial_sequence('keel_jobs', 'id')),
         now() + CAST(? AS bigint) * interval '1 millisecond'
  FROM a WHERE a.hash IS NOT NULL
  ORDER BY a.owner_id, a.hash
  ON CONFLICT (owner_id, operation_hash) DO UPDATE
    SET job_id = EXCLUDED.job_id, expires_at = EXCLUDED.expires_at
    WHERE keel_job_dedup.expires_at <= now()
  RETURNING owner_id, operation_hash, job_id
)
INSERT INTO keel_jobs (id, queue, type, payload, state, priority, max_attempts, owner_id,
                       operation_hash, idempotency_key, run_at)
SELECT COALESCE(d.job_id, nextval(pg_get_serial_sequence('keel_jobs', 'id'))), a.queue, a.type,
       a.payload, CASE WHEN r.run_at > now() THEN 'scheduled' ELSE 'available' END,
       a.priority, a.max_attempts, a.owner_id, a.hash, a.idem, r.run_at
FROM a
LEFT JOIN d ON d.owner_id = a.owner_id AND d.operation_hash = a.hash
CROSS JOIN LATERAL (
  SELECT COALESCE(to_timestamp(a.run_at_ms / 1000.0),
                  now() + a.delay_ms * interval '1 millisecond') AS run_at) r
WHERE a.hash IS NULL OR d.job_id IS NOT NULL
RETURNING id, idempotency_key;

-- name: Notify
SELECT pg_notify('keel_jobs', ?);

-- name: NotifyMany
-- Sent by the notifier after enqueues commit: one notification per payload.
SELECT pg_notify('keel_jobs', p) FROM unnest(CAST(? AS text[])) AS p;

-- name: Listen
LISTEN keel_jobs;

-- name: SearchPathGet
SELECT current_setting('search_path');

-- name: SearchPathSet
SELECT set_config('search_path', ?, true);

-- name: JobGet
SELECT id, queue, type, payload, state, priority, attempt, max_attempts, owner_id, operation_hash,
       idempotency_key, run_at, enqueued_at, attempted_at, finished_at, worker_id, lease_expires_at,
       result, errors::text AS errors
FROM keel_jobs WHERE id = ?;

-- name: JobClaim
-- The two timestamps come back as epoch milliseconds, as SQLite stores them: a claim returns a
-- row per job, and pgjdbc's timestamp parsing was the largest part of mapping one.
WITH c AS (
  SELECT id FROM keel_jobs
  WHERE queue = ?
    AND state IN ('scheduled', 'available', 'retrying')
    AND run_at <= now()
    AND (CAST(? AS text[]) IS NULL OR type = ANY (CAST(? AS text[])))
    AND NOT (type = ANY (CAST(? AS text[])))
  ORDER BY priority, run_at, id
  LIMIT ?
  FOR UPDATE SKIP LOCKED
)
UPDATE keel_jobs j
SET state = 'running',
    attempt = j.attempt + 1,
    worker_id = ?,
    lease_token = gen_random_uuid()::text,
    lease_expires_at = now() + ? * interval '1 millisecond',
    attempted_at = now(),
    start_latency_ms = GREATEST(0, (extract(epoch FROM now() - j.run_at) * 1000)::bigint)
FROM c
WHERE j.id = c.id
RETURNING j.id, j.queue, j.type, j.payload, j.attempt, j.max_attempts, j.owner_id,
          j.idempotency_key, j.lease_token,
          floor(extract(epoch FROM j.lease_expires_at) * 1000)::bigint,
          floor(extract(epoch FROM j.enqueued_at) * 1000)::bigint, j.start_latency_ms;

-- name: TypeLock
SELECT pg_advisory_xact_lock(hashtextextended(?, 0));

-- name: RunningCountByType
SELECT count(*) FROM keel_jobs WHERE state = 'running' AND type = ?;

-- name: JobHeartbeat
UPDATE keel_jobs SET lease_expires_at = now() + ? * interval '1 millisecond'
WHERE id = ? AND lease_token = ? AND state = 'running'
RETURNING lease_expires_at;

-- name: JobCompleteMany
UPDATE keel_jobs j
SET state = 'completed', finished_at = now(), result = a.result, lease_expires_at = NULL
FROM unnest(CAST(? AS bigint[]), CAST(? AS text[]), CAST(? AS text[])) AS a(id, token, result)
WHERE j.id = a.id AND j.lease_token = a.token AND j.state = 'running'
RETURNING j.id;

-- name: JobCompletedWithToken
SELECT 1 FROM keel_jobs WHERE id = ? AND lease_token = ? AND state = 'completed';

-- name: JobFail
UPDATE keel_jobs
SET state = CASE WHEN ? AND attempt < max_attempts THEN 'retrying' ELSE 'dead' END,
    run_at = CASE WHEN ? AND attempt < max_attempts
                  THEN now() + ? * interval '1 millisecond' ELSE run_at END,
    finished_at = CASE WHEN ? AND attempt < max_attempts THEN NULL ELSE now() END,
    lease_expires_at = NULL,
    last_error_type = ?,
    errors = errors || jsonb_build_array(jsonb_build_object(
      'attempt', attempt, 'workerId', worker_id,
      'startedAt', (extract(epoch FROM attempted_at) * 1000)::bigint,
      'failedAt', (extract(epoch FROM now()) * 1000)::bigint,
      'type', CAST(? AS text), 'message', CAST(? AS text), 'stack', CAST(? AS text)))
WHERE id = ? AND lease_token = ? AND state = 'running'
RETURNING state, run_at;

-- name: JobRelease
UPDATE keel_jobs
SET state = 'available', attempt = GREATEST(attempt - 1, 0), lease_token = NULL,
    lease_expires_at = NULL
WHERE id = ? AND lease_token = ? AND state = 'running'
RETURNING queue;

-- name: JobRescueExpired
WITH c AS (
  SELECT id FROM keel_jobs
  WHERE state = 'running' AND lease_expires_at < now()
  ORDER BY lease_expires_at
  LIMIT ?
  FOR UPDATE SKIP LOCKED
)
UPDATE keel_jobs j
SET state = CASE WHEN j.attempt >= j.max_attempts THEN 'dead' ELSE 'retrying' END,
    run_at = now(),
    finished_at = CASE WHEN j.attempt >= j.max_attempts THEN now() ELSE NULL END,
    last_error_type = 'keel.LeaseExpired',
    errors = j.errors || jsonb_build_array(jsonb_build_object(
      'attempt', j.attempt, 'workerId', j.worker_id,
      'startedAt', (extract(epoch FROM j.attempted_at) * 1000)::bigint,
      'failedAt', (extract(epoch FROM now()) * 1000)::bigint,
      'type', 'keel.LeaseExpired',
      'message', 'lease expired at ' || j.lease_expires_at::text || ' without heartbeat; worker presumed dead',
      'stack', '')),
    lease_expires_at = NULL
FROM c
WHERE j.id = c.id AND j.state = 'running' AND j.lease_expires_at < now()
RETURNING j.state, j.queue;

-- name: JobPromoteDue
UPDATE keel_jobs SET state = 'available'
WHERE id IN (SELECT id FROM keel_jobs
             WHERE state IN ('scheduled', 'retrying') AND run_at <= now()
             ORDER BY run_at LIMIT ? FOR UPDATE SKIP LOCKED)
  AND state IN ('scheduled', 'retrying')
RETURNING queue;

-- name: JobCancel
UPDATE keel_jobs SET state = 'cancelled', finished_at = now()
WHERE id = ? AND state IN ('scheduled', 'available', 'retrying')
RETURNING state;

-- name: JobStateGet
SELECT state FROM keel_jobs WHERE id = ?;

-- name: JobPrune
DELETE FROM keel_jobs
WHERE id IN (SELECT id FROM keel_jobs
             WHERE state IN ('completed', 'cancelled', 'discarded')
               AND finished_at < now() - ? * interval '1 millisecond'
             LIMIT ?);

-- name: DedupPrune
DELETE FROM keel_job_dedup
WHERE (owner_id, operation_hash) IN (SELECT owner_id, operation_hash FROM keel_job_dedup
                                     WHERE expires_at < now() LIMIT ?);

-- name: DlqList
SELECT id, queue, type, payload, state, priority, attempt, max_attempts, owner_id, operation_hash,
       idempotency_key, run_at, enqueued_at, attempted_at, finished_at, worker_id, lease_expires_at,
       result, errors::text AS errors
FROM keel_jobs
WHERE state = 'dead'
  AND (CAST(? AS text) IS NULL OR queue = ?)
  AND (CAST(? AS text) IS NULL OR type = ?)
  AND (CAST(? AS text) IS NULL OR last_error_type = ?)
  AND (CAST(? AS timestamptz) IS NULL OR finished_at >= ?)
  AND (CAST(? AS timestamptz) IS NULL OR finished_at < ?)
  AND (CAST(? AS bigint) IS NULL OR id < ?)
ORDER BY id DESC
LIMIT ?;

-- name: DlqReplay
UPDATE keel_jobs
SET state = 'available', attempt = 0, run_at = now(), finished_at = NULL, lease_token = NULL,
    lease_expires_at = NULL
WHERE state = 'dead'
  AND (CAST(? AS bigint) IS NULL OR id = ?)
  AND (CAST(? AS text) IS NULL OR queue = ?)
  AND (CAST(? AS text) IS NULL OR type = ?)
  AND (CAST(? AS text) IS NULL OR last_error_type = ?)
  AND (CAST(? AS timestamptz) IS NULL OR finished_at >= ?)
  AND (CAST(? AS timestamptz) IS NULL OR finished_at < ?)
RETURNING queue;

-- name: DlqDiscard
UPDATE keel_jobs
SET state = 'discarded', finished_at = now()
WHERE state = 'dead'
  AND (CAST(? AS bigint) IS NULL OR id = ?)
  AND (CAST(? AS text) IS NULL OR queue = ?)
  AND (CAST(? AS text) IS NULL OR type = ?)
  AND (CAST(? AS text) IS NULL OR last_error_type = ?)
  AND (CAST(? AS timestamptz) IS NULL OR finished_at >= ?)
  AND (CAST(? AS timestamptz) IS NULL OR finished_at < ?)
RETURNING queue;

-- name: QueueCounts
SELECT queue, state, count(*) FROM keel_jobs GROUP BY queue, state;

-- name: QueueOldestAvailable
SELECT queue, GREATEST(0, (extract(epoch FROM now() - min(run_at)) * 1000)::bigint)
FROM keel_jobs
WHERE state IN ('scheduled', 'available', 'retrying') AND run_at <= now()
GROUP BY queue;

-- name: QueueStartLatency
-- Attempts started within the window (bound twice, in milliseconds), looked up through the partial index of
-- the state each job is in now, so the hot path maintains no index on attempted_at: a job that
-- finished after its attempt has finished_at >= attempted_at, and the DLQ and the retrying set are
-- small next to the finished rows.
WITH a AS (
  SELECT queue, attempted_at, start_latency_ms FROM keel_jobs
  WHERE state = 'running'
  UNION ALL
  SELECT queue, attempted_at, start_latency_ms FROM keel_jobs
  WHERE state IN ('completed', 'cancelled', 'discarded')
    AND finished_at >= now() - CAST(? AS bigint) * interval '1 millisecond'
  UNION ALL
  SELECT queue, attempted_at, start_latency_ms FROM keel_jobs WHERE state = 'dead'
  UNION ALL
  SELECT queue, attempted_at, start_latency_ms FROM keel_jobs
  WHERE state IN ('scheduled', 'available', 'retrying') AND attempted_at IS NOT NULL
)
SELECT queue, count(*),
       percentile_disc(0.5) WITHIN GROUP (ORDER BY start_latency_ms),
       percentile_disc(0.95) WITHIN GROUP (ORDER BY start_latency_ms),
       percentile_disc(0.99) WITHIN GROUP (ORDER BY start_latency_ms),
       max(start_latency_ms)
FROM a
WHERE attempted_at >= now() - CAST(? AS bigint) * interval '1 millisecond'
  AND start_latency_ms IS NOT NULL
GROUP BY queue;

-- name: TokenBucketEnsure
INSERT INTO keel_rate_limits (name, tokens, updated_at) VALUES (?, ?, now())
ON CONFLICT (name) DO NOTHING;

-- name: TokenBucketTake
WITH cur AS (
  SELECT name,
         LEAST(CAST(? AS float8),
               tokens + CAST(? AS float8) * GREATEST(0, extract(epoch FROM now() - updated_at))) AS avail
  FROM keel_rate_limits WHERE name = ? FOR UPDATE
), g AS (
  SELECT name, avail,
         CASE WHEN CAST(? AS boolean) THEN LEAST(CAST(? AS int), floor(avail)::int)
              WHEN avail >= CAST(? AS int) THEN CAST(? AS int)
              ELSE 0 END AS granted
  FROM cur
)
UPDATE keel_rate_limits r SET tokens = g.avail - g.granted, updated_at = now()
FROM g WHERE r.name = g.name
RETURNING g.granted, g.avail;

-- name: TokenBucketRefund
UPDATE keel_rate_limits SET tokens = LEAST(CAST(? AS float8), tokens + ?) WHERE name = ?;

-- name: LeaderTryLock
SELECT pg_try_advisory_lock(hashtextextended(?, 0));

-- name: LeaderUnlock
SELECT pg_advisory_unlock(hashtextextended(?, 0));

-- name: Ping
SELECT 1;
