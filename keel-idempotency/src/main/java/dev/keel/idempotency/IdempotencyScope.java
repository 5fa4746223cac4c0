package dev.keel.idempotency;

/**
 * The namespace of an idempotency key: the tenant (or owner) that sent it and the operation
 * (endpoint) it was sent to. Two scopes that differ in either part never share a record, so one
 * tenant can never see another tenant's stored response, and the same key sent to two endpoints
 * names two operations.
 *
 * <p>Immutable and thread-safe.
 *
 * @param tenant the tenant, user or owner the key belongs to; 1–255 characters
 * @param operation the operation or endpoint, e.g. {@code "POST /orders"}; 1–255 characters
 */
public record IdempotencyScope(String tenant, String operation) {

  private static final int MAX_LENGTH = 255;

  /**
   * Validates both parts.
   *
   * @throws IllegalArgumentException if a part is null, empty or longer than 255 characters
   */
  public IdempotencyScope {
    check("tenant", tenant);
    check("operation", operation);
  }

  /** Shorthand for {@code new IdempotencyScope(tenant, operation)}. */
  public static IdempotencyScope of(String tenant, String operation) {
    return new IdempotencyScope(tenant, operation);
  }

  /**
   * A stable, unambiguous text form used as the storage namespace: both parts with {@code %} and
   * {@code :} percent-encoded, joined by {@code :}. Tenants "a:b"/"c" and "a"/"b:c" map to
   * different ids.
   */
  public String id() {
    return escape(tenant) + ":" + escape(operation);
  }

  private static String escape(String part) {
    return part.replace("%", "%25").replace(":", "%3A");
  }

  private static void check(String field, String value) {
    if (value == null || value.isEmpty()) {
      throw new IllegalArgumentException(
          field + " must not be empty; scope every key by tenant and operation");
    }
    if (value.length() > MAX_LENGTH) {
      throw new IllegalArgumentException(
          field + " must be at most " + MAX_LENGTH + " characters, was " + value.length());
    }
  }
}
