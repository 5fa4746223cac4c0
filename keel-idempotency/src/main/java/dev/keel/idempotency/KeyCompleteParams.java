package dev.keel.idempotency;

import java.util.Objects;

/**
 * What {@link IdempotencyStore#keyComplete(KeyCompleteParams)} needs: the scoped key, the token the
 * claim returned and the outcome to keep.
 *
 * @param scope the tenant and operation the key belongs to
 * @param key the client's idempotency key
 * @param token the token of the claim being completed; only its owner may complete it
 * @param response the outcome to store; never a 5xx
 */
public record KeyCompleteParams(
    IdempotencyScope scope, String key, String token, IdempotentResponse response) {

  /**
   * Validates every field.
   *
   * @throws IllegalArgumentException if the response is a server error: 5xx are never stored
   */
  public KeyCompleteParams {
    Objects.requireNonNull(scope, "scope");
    Objects.requireNonNull(key, "key");
    Objects.requireNonNull(token, "token");
    Objects.requireNonNull(response, "response");
    if (response.isServerError()) {
      throw new IllegalArgumentException(
          "response status " + response.status() + " is a server error and must not be stored");
    }
  }
}
