/**
 * Implementation of {@code dev.keel.jobs}: the PostgreSQL and SQLite stores and their SQL catalogs,
 * worker pools, the completer, maintenance, wake-up signals and validation. Not API: anything here
 * may change without notice; use {@link dev.keel.jobs.Jobs}, {@link dev.keel.jobs.JobStore} and
 * {@link dev.keel.jobs.JobStores}.
 */
package dev.keel.jobs.internal;
