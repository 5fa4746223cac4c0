-- Idempotency store queries for PostgreSQL. {table} is replaced once, at store creation, by the
-- validated and quoted schema-qualified table name. Deadlines use clock_timestamp(), the
-- database's clock, never the client's (now() would be frozen at the start of a transaction).

-- name: KeyClaim
-- One statement: insert the in-flight marker, or take over an expired record; when neither
-- happened, return the live record. An empty result means a concurrent claim committed after
-- this statement's snapshot: the caller runs it again.
WITH claimed AS (
    INSERT INTO {table} AS k (scope, idem_key, fingerprint, state, token, created_at, expires_at)
    VALUES (?, ?, ?, 'in_flight', ?, clock_timestamp(),
            clock_timestamp() + ? * interval '1 millisecond')
    ON CONFLICT (scope, idem_key) DO UPDATE
       SET fingerprint = excluded.fingerprint,
           state       = 'in_flight',
           token       = excluded.token,
           status      = NULL,
           response    = NULL,
           created_at  = excluded.created_at,
           expires_at  = excluded.expires_at
     WHERE k.expires_at <= clock_timestamp()
    RETURNING k.token
)
SELECT 'claimed' AS outcome, NULL AS state, NULL AS fingerprint, NULL::bytea AS response,
       0::bigint AS remaining_ms
  FROM claimed
UNION ALL
SELECT 'held', state, fingerprint, response,
       GREATEST(0, CAST(EXTRACT(EPOCH FROM (expires_at - clock_timestamp())) * 1000 AS bigint))
  FROM {table}
 WHERE scope = ? AND idem_key = ? AND expires_at > clock_timestamp()
   AND NOT EXISTS (SELECT 1 FROM claimed);

-- name: KeyComplete
UPDATE {table}
   SET state = 'completed', status = ?, response = ?,
       expires_at = clock_timestamp() + ? * interval '1 millisecond'
 WHERE scope = ? AND idem_key = ? AND token = ? AND state = 'in_flight'
   AND expires_at > clock_timestamp();

-- name: KeyRelease
DELETE FROM {table}
 WHERE scope = ? AND idem_key = ? AND token = ? AND state = 'in_flight';

-- name: KeyPruneExpired
DELETE FROM {table}
 WHERE (scope, idem_key) IN (
       SELECT scope, idem_key FROM {table}
        WHERE expires_at <= clock_timestamp()
        LIMIT ?);
