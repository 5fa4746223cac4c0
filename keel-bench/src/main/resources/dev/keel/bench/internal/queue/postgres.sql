-- SQL of the queue benchmark's PostgreSQL subjects. Every statement runs with search_path set to
-- the subject's own fresh schema (pgjdbc's currentSchema), so table names are unqualified.

-- name: RawCreateTable
CREATE TABLE bench_jobs (
  id          bigserial   PRIMARY KEY,
  queue       text        NOT NULL DEFAULT 'default',
  state       text        NOT NULL DEFAULT 'available',
  payload     integer     NOT NULL,
  attempts    integer     NOT NULL DEFAULT 0,
  run_at      timestamptz NOT NULL DEFAULT now(),
  created_at  timestamptz NOT NULL DEFAULT now(),
  started_at  timestamptz,
  finished_at timestamptz
)

-- name: RawCreateReadyIndex
CREATE INDEX bench_jobs_ready ON bench_jobs (queue, run_at, id) WHERE state = 'available'

-- name: RawEnqueue
INSERT INTO bench_jobs (payload) VALUES (?)

-- name: RawClaim
UPDATE bench_jobs
   SET state = 'running', attempts = attempts + 1, started_at = now()
 WHERE id IN (SELECT id
                FROM bench_jobs
               WHERE state = 'available' AND queue = 'default' AND run_at <= now()
               ORDER BY run_at, id
               LIMIT ?
                 FOR UPDATE SKIP LOCKED)
RETURNING id, payload

-- name: RawComplete
UPDATE bench_jobs SET state = 'completed', finished_at = now() WHERE id = ANY (?)

-- name: RawRemaining
SELECT count(*) FROM bench_jobs WHERE state <> 'completed'

-- name: KeelRemaining
-- Keel's table in SQL like the others' (SQLite runs the same text): its status API computes
-- start-latency percentiles too, which the drain's end check would otherwise pay for.
SELECT count(*) FROM keel_jobs WHERE state <> 'completed'

-- name: DbSchedulerCreateTable
CREATE TABLE scheduled_tasks (
  task_name            text                     NOT NULL,
  task_instance        text                     NOT NULL,
  task_data            bytea,
  execution_time       timestamp with time zone NOT NULL,
  picked               boolean                  NOT NULL,
  picked_by            text,
  last_success         timestamp with time zone,
  last_failure         timestamp with time zone,
  consecutive_failures integer,
  last_heartbeat       timestamp with time zone,
  version              bigint                   NOT NULL,
  priority             smallint,
  PRIMARY KEY (task_name, task_instance)
)

-- name: DbSchedulerCreateExecutionTimeIndex
CREATE INDEX execution_time_idx ON scheduled_tasks (execution_time)

-- name: DbSchedulerCreateHeartbeatIndex
CREATE INDEX last_heartbeat_idx ON scheduled_tasks (last_heartbeat)

-- name: DbSchedulerCreatePriorityIndex
CREATE INDEX priority_execution_time_idx ON scheduled_tasks (priority DESC, execution_time ASC)

-- name: DbSchedulerRemaining
SELECT count(*) FROM scheduled_tasks

-- name: JobRunrRemaining
SELECT count(*) FROM jobrunr_jobs WHERE state <> 'SUCCEEDED'
