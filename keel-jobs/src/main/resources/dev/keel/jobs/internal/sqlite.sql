-- Keel jobs on SQLite. Times are epoch milliseconds from the database's clock:
-- CAST(unixepoch('subsec') * 1000 AS INTEGER). Durations are bound as milliseconds.
-- Writes run under the store's single in-process writer lock, so there is no SKIP LOCKED.

-- name: JobInsert
INSERT INTO keel_jobs (queue, type, payload, state, priority, max_attempts, owner_id, operation_hash,
                       idempotency_key, run_at, enqueued_at)
SELECT ?, ?, ?, CASE WHEN t.r > t.n THEN 'scheduled' ELSE 'available' END, ?, ?, ?, ?, ?, t.r, t.n
FROM (SELECT COALESCE(?, CAST(unixepoch('subsec') * 1000 AS INTEGER) + ?) AS r,
             CAST(unixepoch('subsec') * 1000 AS INTEGER) AS n) t
RETURNING id;

-- name: DedupClaim
INSERT INTO keel_job_dedup (owner_id, operation_hash, job_id, expires_at)
VALUES (?, ?, ?, CAST(unixepoch('subsec') * 1000 AS INTEGER) + ?)
ON CONFLICT (owner_id, operation_hash) DO UPDATE
  SET job_id = excluded.job_id, expires_at = excluded.expires_at
  WHERE keel_job_dedup.expires_at <= CAST(unixepoch('subsec') * 1000 AS INTEGER)
RETURNING job_id;

-- name: DedupLookup
SELECT job_id FROM keel_job_dedup WHERE owner_id = ? AND operation_hash = ?;

-- name: JobDelete
DELETE FROM keel_jobs WHERE id = ?;

-- name: JobGet
SELECT id, queue, type, payload, state, priority, attempt, max_attempts, owner_id, operation_hash,
       idempotency_key, run_at, enqueued_at, attempted_at, finished_at, worker_id, lease_expires_at,
       result, errors
FROM keel_jobs WHERE id = ?;

-- name: JobClaim
UPDATE keel_jobs
SET state = 'running',
    attempt = attempt + 1,
    worker_id = ?,
    lease_token = lower(hex(randomblob(16))),
    lease_expires_at = CAST(unixepoch('subsec') * 1000 AS INTEGER) + ?,
    attempted_at = CAST(unixepoch('subsec') * 1000 AS INTEGER),
    start_latency_ms = max(0, CAST(unixepoch('subsec') * 1000 AS INTEGER) - run_at)
WHERE id IN (
  SELECT id FROM keel_jobs
  WHERE queue = ?
    AND state IN ('scheduled', 'available', 'retrying')
    AND run_at <= CAST(unixepoch('subsec') * 1000 AS INTEGER)
    AND (? IS NULL OR type IN (SELECT value FROM json_each(?)))
    AND type NOT IN (SELECT value FROM json_each(?))
  ORDER BY priority, run_at, id
  LIMIT ?)
RETURNING id, queue, type, payload, attempt, max_attempts, owner_id, idempotency_key, lease_token,
          lease_expires_at, enqueued_at, start_latency_ms, priority, run_at;

-- name: RunningCountByType
SELECT count(*) FROM keel_jobs WHERE state = 'running' AND type = ?;

-- name: JobHeartbeat
UPDATE keel_jobs SET lease_expires_at = CAST(unixepoch('subsec') * 1000 AS INTEGER) + ?
WHERE id = ? AND lease_token = ? AND state = 'running'
RETURNING lease_expires_at;

-- name: JobComplete
UPDATE keel_jobs
SET state = 'completed', finished_at = CAST(unixepoch('subsec') * 1000 AS INTEGER), result = ?,
    lease_expires_at = NULL
WHERE id = ? AND lease_token = ? AND state = 'running';

-- name: JobCompletedWithToken
SELECT 1 FROM keel_jobs WHERE id = ? AND lease_token = ? AND state = 'completed';

-- name: JobFail
UPDATE keel_jobs
SET state = CASE WHEN ? AND attempt < max_attempts THEN 'retrying' ELSE 'dead' END,
    run_at = CASE WHEN ? AND attempt < max_attempts
                  THEN CAST(unixepoch('subsec') * 1000 AS INTEGER) + ? ELSE run_at END,
    finished_at = CASE WHEN ? AND attempt < max_attempts
                       THEN NULL ELSE CAST(unixepoch('subsec') * 1000 AS INTEGER) END,
    lease_expires_at = NULL,
    last_error_type = ?,
    errors = json_insert(errors, '$[#]', json_object(
      'attempt', attempt, 'workerId', worker_id, 'startedAt', attempted_at,
      'failedAt', CAST(unixepoch('subsec') * 1000 AS INTEGER),
      'type', ?, 'message', ?, 'stack', ?))
WHERE id = ? AND lease_token = ? AND state = 'running'
RETURNING state, run_at;

-- name: JobRelease
UPDATE keel_jobs
SET state = 'available', attempt = max(attempt - 1, 0), lease_token = NULL, lease_expires_at = NULL
WHERE id = ? AND lease_token = ? AND state = 'running'
RETURNING queue;

-- name: JobRescueExpired
UPDATE keel_jobs
SET state = CASE WHEN attempt >= max_attempts THEN 'dead' ELSE 'retrying' END,
    run_at = CAST(unixepoch('subsec') * 1000 AS INTEGER),
    finished_at = CASE WHEN attempt >= max_attempts
                       THEN CAST(unixepoch('subsec') * 1000 AS INTEGER) ELSE NULL END,
    last_error_type = 'keel.LeaseExpired',
    errors = json_insert(errors, '$[#]', json_object(
      'attempt', attempt, 'workerId', worker_id, 'startedAt', attempted_at,
      'failedAt', CAST(unixepoch('subsec') * 1000 AS INTEGER),
      'type', 'keel.LeaseExpired',
      'message', 'lease expired at ' || strftime('%Y-%m-%dT%H:%M:%fZ', lease_expires_at / 1000.0, 'unixepoch')
                 || ' without heartbeat; worker presumed dead',
      'stack', '')),
    lease_expires_at = NULL
WHERE id IN (SELECT id FROM keel_jobs
             WHERE state = 'running'
               AND lease_expires_at < CAST(unixepoch('subsec') * 1000 AS INTEGER)
             ORDER BY lease_expires_at LIMIT ?)
RETURNING state, queue;

-- name: JobPromoteDue
UPDATE keel_jobs SET state = 'available'
WHERE id IN (SELECT id FROM keel_jobs
             WHERE state IN ('scheduled', 'retrying')
               AND run_at <= CAST(unixepoch('subsec') * 1000 AS INTEGER)
             ORDER BY run_at LIMIT ?)
RETURNING queue;

-- name: JobCancel
UPDATE keel_jobs SET state = 'cancelled', finished_at = CAST(unixepoch('subsec') * 1000 AS INTEGER)
WHERE id = ? AND state IN ('scheduled', 'available', 'retrying')
RETURNING state;

-- name: JobStateGet
SELECT state FROM keel_jobs WHERE id = ?;

-- name: JobPrune
DELETE FROM keel_jobs
WHERE id IN (SELECT id FROM keel_jobs
             WHERE state IN ('completed', 'cancelled', 'discarded')
               AND finished_at < CAST(unixepoch('subsec') * 1000 AS INTEGER) - ?
             LIMIT ?);

-- name: DedupPrune
DELETE FROM keel_job_dedup
WHERE rowid IN (SELECT rowid FROM keel_job_dedup
                WHERE expires_at < CAST(unixepoch('subsec') * 1000 AS INTEGER) LIMIT ?);

-- name: DlqList
SELECT id, queue, type, payload, state, priority, attempt, max_attempts, owner_id, operation_hash,
       idempotency_key, run_at, enqueued_at, attempted_at, finished_at, worker_id, lease_expires_at,
       result, errors
FROM keel_jobs
WHERE state = 'dead'
  AND (?1 IS NULL OR queue = ?1)
  AND (?2 IS NULL OR type = ?2)
  AND (?3 IS NULL OR last_error_type = ?3)
  AND (?4 IS NULL OR finished_at >= ?4)
  AND (?5 IS NULL OR finished_at < ?5)
  AND (?6 IS NULL OR id < ?6)
ORDER BY id DESC
LIMIT ?7;

-- name: DlqReplay
UPDATE keel_jobs
SET state = 'available', attempt = 0, run_at = CAST(unixepoch('subsec') * 1000 AS INTEGER),
    finished_at = NULL, lease_token = NULL, lease_expires_at = NULL
WHERE state = 'dead'
  AND (?1 IS NULL OR id = ?1)
  AND (?2 IS NULL OR queue = ?2)
  AND (?3 IS NULL OR type = ?3)
  AND (?4 IS NULL OR last_error_type = ?4)
  AND (?5 IS NULL OR finished_at >= ?5)
  AND (?6 IS NULL OR finished_at < ?6)
RETURNING queue;

-- name: DlqDiscard
UPDATE keel_jobs
SET state = 'discarded', finished_at = CAST(unixepoch('subsec') * 1000 AS INTEGER)
WHERE state = 'dead'
  AND (?1 IS NULL OR id = ?1)
  AND (?2 IS NULL OR queue = ?2)
  AND (?3 IS NULL OR type = ?3)
  AND (?4 IS NULL OR last_error_type = ?4)
  AND (?5 IS NULL OR finished_at >= ?5)
  AND (?6 IS NULL OR finished_at < ?6)
RETURNING queue;

-- name: QueueCounts
SELECT queue, state, count(*) FROM keel_jobs GROUP BY queue, state;

-- name: QueueOldestAvailable
SELECT queue, max(0, CAST(unixepoch('subsec') * 1000 AS INTEGER) - min(run_at))
FROM keel_jobs
WHERE state IN ('scheduled', 'available', 'retrying')
  AND run_at <= CAST(unixepoch('subsec') * 1000 AS INTEGER)
GROUP BY queue;

-- name: QueueStartLatency
SELECT queue, start_latency_ms
FROM keel_jobs
WHERE attempted_at IS NOT NULL
  AND attempted_at >= CAST(unixepoch('subsec') * 1000 AS INTEGER) - ?
  AND start_latency_ms IS NOT NULL
ORDER BY queue, start_latency_ms;

-- name: TokenBucketEnsure
INSERT INTO keel_rate_limits (name, tokens, updated_at)
VALUES (?, ?, CAST(unixepoch('subsec') * 1000 AS INTEGER))
ON CONFLICT (name) DO NOTHING;

-- name: TokenBucketAvailable
SELECT min(?, tokens + ? * max(0, CAST(unixepoch('subsec') * 1000 AS INTEGER) - updated_at) / 1000.0)
FROM keel_rate_limits WHERE name = ?;

-- name: TokenBucketSet
UPDATE keel_rate_limits SET tokens = ?, updated_at = CAST(unixepoch('subsec') * 1000 AS INTEGER)
WHERE name = ?;

-- name: TokenBucketRefund
UPDATE keel_rate_limits SET tokens = min(?, tokens + ?) WHERE name = ?;
