-- Every claim and every completion inserted a new entry into this index (a state change is never a
-- HOT update), a third of the index work of the hot path, for a statistics query only. That query
-- now finds recent attempts through the partial index of the state each job is in (see
-- QueueStartLatency in postgres.sql).
DROP INDEX IF EXISTS keel_jobs_attempted_idx;
