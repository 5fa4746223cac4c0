/** Not API: the /v1 routes over keel-jobs and keel-idempotency. */
package dev.keel.server.internal.api;
