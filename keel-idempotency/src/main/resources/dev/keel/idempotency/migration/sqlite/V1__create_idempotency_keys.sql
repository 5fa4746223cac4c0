-- Idempotency records: one row per (scope, key). Times are milliseconds since the epoch on the
-- database's clock. state 'in_flight' rows expire after their lease, 'completed' rows after the
-- retention; expired rows behave as absent and are pruned.
CREATE TABLE keel_idempotency_keys (
    scope        TEXT    NOT NULL,
    idem_key     TEXT    NOT NULL,
    fingerprint  TEXT    NOT NULL,
    state        TEXT    NOT NULL CHECK (state IN ('in_flight', 'completed')),
    token        TEXT    NOT NULL,
    status       INTEGER,
    response     BLOB,
    created_at   INTEGER NOT NULL,
    expires_at   INTEGER NOT NULL,
    PRIMARY KEY (scope, idem_key)
) WITHOUT ROWID;

CREATE INDEX keel_idempotency_keys_expires_at ON keel_idempotency_keys (expires_at);
