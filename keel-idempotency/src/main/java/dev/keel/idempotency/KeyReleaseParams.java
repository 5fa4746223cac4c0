package dev.keel.idempotency;

import java.util.Objects;

/**
 * What {@link IdempotencyStore#keyRelease(KeyReleaseParams)} needs: the scoped key and the token of
 * the claim to remove.
 *
 * @param scope the tenant and operation the key belongs to
 * @param key the client's idempotency key
 * @param token the token of the claim being released; only its owner may release it
 */
public record KeyReleaseParams(IdempotencyScope scope, String key, String token) {

  /** Validates every field. */
  public KeyReleaseParams {
    Objects.requireNonNull(scope, "scope");
    Objects.requireNonNull(key, "key");
    Objects.requireNonNull(token, "token");
  }
}
