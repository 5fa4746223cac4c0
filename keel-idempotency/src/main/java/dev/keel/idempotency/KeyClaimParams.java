package dev.keel.idempotency;

import java.time.Duration;
import java.util.Objects;

/**
 * What {@link IdempotencyStore#keyClaim(KeyClaimParams)} needs: the scoped key, the request
 * fingerprint and how long the in-flight marker lives if the claim succeeds.
 *
 * @param scope the tenant and operation the key belongs to
 * @param key the client's idempotency key (already validated)
 * @param fingerprint a digest of the request; a repeat with another fingerprint is a mismatch
 * @param lease how long the in-flight marker lives before a retry may claim again; positive
 */
public record KeyClaimParams(
    IdempotencyScope scope, String key, String fingerprint, Duration lease) {

  /**
   * Validates every field.
   *
   * @throws IllegalArgumentException naming the bad field
   */
  public KeyClaimParams {
    Objects.requireNonNull(scope, "scope");
    Objects.requireNonNull(key, "key");
    Objects.requireNonNull(fingerprint, "fingerprint");
    Objects.requireNonNull(lease, "lease");
    if (fingerprint.isEmpty()) {
      throw new IllegalArgumentException("fingerprint must not be empty");
    }
    if (lease.toMillis() < 1) {
      throw new IllegalArgumentException("lease must be at least 1 ms, was " + lease);
    }
  }
}
