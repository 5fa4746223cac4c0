-- Idempotency store queries for SQLite. {table} is replaced once, at store creation, by the
-- quoted table name. Times are milliseconds since the epoch from the database's own clock
-- (unixepoch('subsec')), never the client's.

-- name: KeyClaimUpsert
-- Runs in a write transaction together with KeyClaimSelect. Returns the token when the marker
-- was inserted or an expired record taken over; no row when a live record holds the key.
INSERT INTO {table} (scope, idem_key, fingerprint, state, token, created_at, expires_at)
VALUES (?, ?, ?, 'in_flight', ?, CAST(unixepoch('subsec') * 1000 AS INTEGER),
        CAST(unixepoch('subsec') * 1000 AS INTEGER) + ?)
ON CONFLICT (scope, idem_key) DO UPDATE
   SET fingerprint = excluded.fingerprint,
       state       = 'in_flight',
       token       = excluded.token,
       status      = NULL,
       response    = NULL,
       created_at  = excluded.created_at,
       expires_at  = excluded.expires_at
 WHERE expires_at <= CAST(unixepoch('subsec') * 1000 AS INTEGER)
RETURNING token;

-- name: KeyClaimSelect
SELECT state, fingerprint, response,
       MAX(0, expires_at - CAST(unixepoch('subsec') * 1000 AS INTEGER)) AS remaining_ms
  FROM {table}
 WHERE scope = ? AND idem_key = ?;

-- name: KeyComplete
UPDATE {table}
   SET state = 'completed', status = ?, response = ?,
       expires_at = CAST(unixepoch('subsec') * 1000 AS INTEGER) + ?
 WHERE scope = ? AND idem_key = ? AND token = ? AND state = 'in_flight'
   AND expires_at > CAST(unixepoch('subsec') * 1000 AS INTEGER);

-- name: KeyRelease
DELETE FROM {table}
 WHERE scope = ? AND idem_key = ? AND token = ? AND state = 'in_flight';

-- name: KeyPruneExpired
DELETE FROM {table}
 WHERE (scope, idem_key) IN (
       SELECT scope, idem_key FROM {table}
        WHERE expires_at <= CAST(unixepoch('subsec') * 1000 AS INTEGER)
        LIMIT ?);
