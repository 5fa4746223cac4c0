package dev.keel.examples.orders;

import java.util.Locale;

/** Where the idempotency keys of {@code POST /orders} live ({@code ORDERS_IDEMPOTENCY_STORE}). */
public enum IdempotencyStoreKind {
  /** In the process's memory: lost on restart, one process only. The default without Redis. */
  MEMORY,
  /** In Redis at {@code KEEL_REDIS_URL}: shared by every instance. The default with Redis. */
  REDIS,
  /**
   * In the database of {@code KEEL_DATABASE_URL}: PostgreSQL (shared) or a SQLite file next to the
   * job store's (one process).
   */
  DATABASE;

  /**
   * The kind named {@code value} ({@code memory}, {@code redis} or {@code database}, any case).
   *
   * @throws IllegalArgumentException naming the variable and the accepted values
   */
  public static IdempotencyStoreKind parse(String variable, String value) {
    try {
      return valueOf(value.trim().toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(
          variable + " must be memory, redis or database, was '" + value + "'", e);
    }
  }
}
