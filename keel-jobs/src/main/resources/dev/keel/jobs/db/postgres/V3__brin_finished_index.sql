-- Finished jobs by finished_at, for the pruner and the start-latency window, as a BRIN index: a
-- completion is never a HOT update, so with a B-tree every job paid one more index insertion (and
-- its WAL) on the hot path for a query that runs once a minute. Jobs finish in roughly the order
-- their rows were written, so block ranges summarise finished_at well; a range not yet summarised
-- (the newest pages) is simply scanned.
DROP INDEX IF EXISTS keel_jobs_finished_idx;
CREATE INDEX keel_jobs_finished_idx ON keel_jobs USING brin (finished_at)
  WHERE state IN ('completed', 'cancelled', 'discarded');
