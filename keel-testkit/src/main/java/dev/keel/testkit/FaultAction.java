package dev.keel.testkit;

import dev.keel.testkit.internal.SpecDurations;
import java.time.Duration;
import java.util.Objects;

/**
 * What a fault does to a response. Each kind prints as its {@linkplain FaultSpec SPEC} form, so
 * {@code FaultSpec.parse(action.toString())} gives the action back.
 *
 * <p>Immutable and thread-safe. The record constructors validate and throw {@link
 * IllegalArgumentException} naming the field and the bad value.
 */
public sealed interface FaultAction {

  /**
   * Adds a delay before the response is sent: fixed when {@code min == max}, otherwise drawn
   * uniformly from {@code [min, max]} (deterministically from the seed and the request number).
   * SPEC: {@code latency=200ms} or {@code latency=100ms..500ms}.
   */
  record Latency(Duration min, Duration max) implements FaultAction {
    /**
     * @throws IllegalArgumentException if a bound is negative, not whole milliseconds, or {@code
     *     max < min}
     */
    public Latency {
      SpecDurations.requireWholeMillis("latency min", min);
      SpecDurations.requireWholeMillis("latency max", max);
      if (max.compareTo(min) < 0) {
        throw new IllegalArgumentException(
            "latency max must be >= min, was min=" + min + " max=" + max);
      }
    }

    /** A fixed added delay. */
    public static Latency fixed(Duration delay) {
      return new Latency(delay, delay);
    }

    @Override
    public String toString() {
      return min.equals(max)
          ? "latency=" + SpecDurations.format(min)
          : "latency=" + SpecDurations.format(min) + ".." + SpecDurations.format(max);
    }
  }

  /**
   * Replaces the response with an error status and a small {@code application/problem+json} body.
   * SPEC: {@code status=503}.
   */
  record Status(int code) implements FaultAction {
    /**
     * @throws IllegalArgumentException if {@code code} is not in 400..599
     */
    public Status {
      if (code < 400 || code > 599) {
        throw new IllegalArgumentException(
            "status must be an error status in 400..599, was " + code);
      }
    }

    @Override
    public String toString() {
      return "status=" + code;
    }
  }

  /**
   * Replaces the response with {@code 429 Too Many Requests} and, when {@code retryAfter} is not
   * zero, a {@code Retry-After} header in whole seconds. SPEC: {@code 429=2s} or {@code 429} (no
   * header).
   */
  record TooManyRequests(Duration retryAfter) implements FaultAction {
    /**
     * @throws IllegalArgumentException if {@code retryAfter} is negative or not whole seconds
     */
    public TooManyRequests {
      Objects.requireNonNull(retryAfter, "retryAfter");
      if (retryAfter.isNegative() || retryAfter.toNanos() % 1_000_000_000L != 0) {
        throw new IllegalArgumentException(
            "429 Retry-After must be whole seconds >= 0 (the header carries seconds), was "
                + retryAfter);
      }
    }

    @Override
    public String toString() {
      return retryAfter.isZero() ? "429" : "429=" + SpecDurations.format(retryAfter);
    }
  }

  /**
   * Closes the connection with a TCP reset instead of answering (WireMock's {@code
   * CONNECTION_RESET_BY_PEER}); clients see an {@link java.io.IOException}. SPEC: {@code reset}.
   */
  record Reset() implements FaultAction {
    @Override
    public String toString() {
      return "reset";
    }
  }

  /**
   * Holds the response back for {@code duration}, meant to be longer than the client's timeout so
   * the client gives up. Unlike {@link Latency} it states intent: "this call never comes back in
   * time". SPEC: {@code hang=10s}.
   */
  record Hang(Duration duration) implements FaultAction {
    /**
     * @throws IllegalArgumentException if {@code duration} is not positive whole milliseconds
     */
    public Hang {
      SpecDurations.requireWholeMillis("hang", duration);
      if (duration.isZero()) {
        throw new IllegalArgumentException("hang must be positive, was " + duration);
      }
    }

    @Override
    public String toString() {
      return "hang=" + SpecDurations.format(duration);
    }
  }

  /**
   * Sends the body in {@code chunks} pieces spread over {@code total} (chunked transfer encoding);
   * the body arrives complete, only slowly. SPEC: {@code dribble=2s} (10 chunks) or {@code
   * dribble=2s/20}.
   */
  record Dribble(Duration total, int chunks) implements FaultAction {
    /** Chunks used when the SPEC does not say: 10. */
    public static final int DEFAULT_CHUNKS = 10;

    /**
     * @throws IllegalArgumentException if {@code total} is not positive whole milliseconds or
     *     {@code chunks} is not in 1..10000
     */
    public Dribble {
      SpecDurations.requireWholeMillis("dribble", total);
      if (total.isZero()) {
        throw new IllegalArgumentException("dribble duration must be positive, was " + total);
      }
      if (chunks < 1 || chunks > 10_000) {
        throw new IllegalArgumentException("dribble chunks must be in 1..10000, was " + chunks);
      }
    }

    @Override
    public String toString() {
      String base = "dribble=" + SpecDurations.format(total);
      return chunks == DEFAULT_CHUNKS ? base : base + "/" + chunks;
    }
  }
}
