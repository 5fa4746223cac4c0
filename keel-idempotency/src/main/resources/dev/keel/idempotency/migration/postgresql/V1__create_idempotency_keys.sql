-- Idempotency records: one row per (scope, key). state 'in_flight' rows expire after their lease,
-- 'completed' rows after the retention; expired rows behave as absent and are pruned.
CREATE TABLE keel_idempotency_keys (
    scope        text        NOT NULL,
    idem_key     text        NOT NULL,
    fingerprint  text        NOT NULL,
    state        text        NOT NULL CHECK (state IN ('in_flight', 'completed')),
    token        text        NOT NULL,
    status       integer,
    response     bytea,
    created_at   timestamptz NOT NULL,
    expires_at   timestamptz NOT NULL,
    PRIMARY KEY (scope, idem_key)
);

CREATE INDEX keel_idempotency_keys_expires_at ON keel_idempotency_keys (expires_at);
