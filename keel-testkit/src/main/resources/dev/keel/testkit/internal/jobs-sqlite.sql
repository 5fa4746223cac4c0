-- Test-only time travel on keel-jobs' embedded SQLite schema (V1): times are Unix epoch
-- milliseconds from the database clock. Used by JobsTestSupport.runAll() and expireLeases().

-- name: JobsMakeDue
UPDATE keel_jobs
SET run_at = CAST(unixepoch('subsec') * 1000 AS INTEGER)
WHERE state IN ('scheduled', 'retrying')
  AND run_at > CAST(unixepoch('subsec') * 1000 AS INTEGER);

-- name: JobsExpireLeases
UPDATE keel_jobs
SET lease_expires_at = CAST(unixepoch('subsec') * 1000 AS INTEGER) - 1
WHERE state = 'running';

-- name: JobsLiveCount
SELECT count(*) FROM keel_jobs WHERE state IN ('scheduled', 'available', 'retrying');

-- name: JobsQueuesWithDueWork
SELECT DISTINCT queue FROM keel_jobs
WHERE state IN ('scheduled', 'available', 'retrying')
  AND run_at <= CAST(unixepoch('subsec') * 1000 AS INTEGER)
ORDER BY queue;
