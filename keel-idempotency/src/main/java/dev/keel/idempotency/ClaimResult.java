package dev.keel.idempotency;

import java.time.Duration;
import java.util.Objects;

/**
 * The answer of {@link IdempotencyStore#keyClaim(KeyClaimParams)}: exactly one of four cases. A
 * record with another fingerprint is always a {@link Mismatch}, whether it is in flight or
 * completed, so a different request never gets a misleading "in flight".
 */
public sealed interface ClaimResult {

  /**
   * The caller now owns the key: it must run the operation and then complete or release the claim
   * with {@code token}.
   *
   * @param token an unguessable id of this claim; completion and release compare it
   */
  record Claimed(String token) implements ClaimResult {
    /** Validates the token. */
    public Claimed {
      Objects.requireNonNull(token, "token");
    }
  }

  /**
   * Another caller holds the key with the same fingerprint and has not finished.
   *
   * @param retryAfter how long the in-flight marker still lives (never negative)
   */
  record InFlight(Duration retryAfter) implements ClaimResult {
    /** Validates the duration. */
    public InFlight {
      Objects.requireNonNull(retryAfter, "retryAfter");
      if (retryAfter.isNegative()) {
        retryAfter = Duration.ZERO;
      }
    }
  }

  /**
   * The operation already finished with this fingerprint; replay {@code response}.
   *
   * @param response the stored outcome
   * @param fingerprint the fingerprint stored with it (equal to the claim's)
   */
  record Completed(IdempotentResponse response, String fingerprint) implements ClaimResult {
    /** Validates both fields. */
    public Completed {
      Objects.requireNonNull(response, "response");
      Objects.requireNonNull(fingerprint, "fingerprint");
    }
  }

  /** The key is held (in flight or completed) by a request with another fingerprint. */
  record Mismatch() implements ClaimResult {}
}
