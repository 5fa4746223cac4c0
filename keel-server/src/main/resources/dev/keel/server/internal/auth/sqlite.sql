-- name: AdminTokenCreateTable
CREATE TABLE IF NOT EXISTS keel_admin_token (
  id INTEGER PRIMARY KEY CHECK (id = 1),
  sha256 TEXT NOT NULL,
  created_at TEXT NOT NULL
);

-- name: AdminTokenSelect
SELECT sha256 FROM keel_admin_token WHERE id = 1;

-- name: AdminTokenInsert
INSERT INTO keel_admin_token (id, sha256, created_at) VALUES (1, ?, ?)
ON CONFLICT (id) DO NOTHING;
