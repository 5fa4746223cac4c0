/**
 * Idempotency keys that make retries of state-changing calls safe.
 *
 * <p>The front door is {@link dev.keel.idempotency.IdempotencyExecutor}: it claims a scoped key in
 * an {@link dev.keel.idempotency.IdempotencyStore}, runs an operation once, stores its outcome
 * ({@link dev.keel.idempotency.IdempotentResponse}) and replays it to repeats. Stores: {@link
 * dev.keel.idempotency.RedisIdempotencyStore}, {@link
 * dev.keel.idempotency.PostgresIdempotencyStore}, {@link
 * dev.keel.idempotency.SqliteIdempotencyStore} and {@link
 * dev.keel.idempotency.InMemoryIdempotencyStore}. HTTP adapters: {@link
 * dev.keel.idempotency.IdempotencyFilter} (Jakarta Servlet) and {@link
 * dev.keel.idempotency.JavalinIdempotency}.
 *
 * <p>Mutability: configuration objects (settings records, built executors, stores and adapters) are
 * immutable and thread-safe; builders are not thread-safe. Transactions: the stores manage their
 * own short transactions, except in {@link
 * dev.keel.idempotency.IdempotencyExecutor#executeInTransaction}, where the executor owns one
 * transaction shared by the claim, the caller's writes and the stored outcome. Unstable seams: the
 * {@link dev.keel.idempotency.IdempotencyStore} SPI may gain methods (with defaults) before 1.0.
 * Optional dependencies (Lettuce, the JDBC drivers, Flyway, the Servlet API, Javalin, Micrometer)
 * are needed only by the class that names them. Types under {@code dev.keel.idempotency.internal}
 * are not API.
 */
package dev.keel.idempotency;
