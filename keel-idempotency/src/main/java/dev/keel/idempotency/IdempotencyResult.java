package dev.keel.idempotency;

import java.util.Objects;

/**
 * What {@link IdempotencyExecutor} returns: the response to send and how it was obtained.
 *
 * @param response the outcome to answer with
 * @param source whether the operation ran now, was replayed, or ran without protection
 */
public record IdempotencyResult(IdempotentResponse response, Source source) {

  /** How the response was obtained. */
  public enum Source {
    /** The operation ran now (its outcome is stored unless it was a 5xx or too large). */
    EXECUTED,
    /** The stored outcome of an earlier run; HTTP adapters add {@code Idempotent-Replayed}. */
    REPLAYED,
    /** The store was down and the executor is configured to fail open: it ran unprotected. */
    EXECUTED_UNPROTECTED
  }

  /** Validates both fields. */
  public IdempotencyResult {
    Objects.requireNonNull(response, "response");
    Objects.requireNonNull(source, "source");
  }

  /** True if the response is a replay of a stored outcome. */
  public boolean replayed() {
    return source == Source.REPLAYED;
  }
}
