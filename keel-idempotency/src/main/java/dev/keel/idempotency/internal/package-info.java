/**
 * Implementation details of {@code dev.keel.idempotency}: codecs, SQL and Redis plumbing, the JSON
 * canonicaliser and the shared HTTP logic. Not API: anything here may change without notice.
 */
package dev.keel.idempotency.internal;
