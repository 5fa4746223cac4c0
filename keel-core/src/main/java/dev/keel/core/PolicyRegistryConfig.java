package dev.keel.core;

import dev.keel.core.internal.Checks;
import java.time.Duration;
import java.util.Objects;

/**
 * The immutable settings of a {@link PolicyRegistry} (the policy configurations it holds are given
 * separately, by name, to {@link PolicyRegistryBuilder}).
 *
 * @param idleTimeout a keyed instance not looked up for this long is evicted; positive [1 h]
 * @param maxKeyedInstances keyed instances kept per kind; beyond it the least recently used is
 *     evicted; at least 1 [10,000]
 * @param clock measures idleness [{@link KeelClock#system()}]
 */
public record PolicyRegistryConfig(Duration idleTimeout, int maxKeyedInstances, KeelClock clock) {

  /** Default {@link #idleTimeout()}: 1 hour. */
  public static final Duration DEFAULT_IDLE_TIMEOUT = Duration.ofHours(1);

  /** Default {@link #maxKeyedInstances()}: 10,000 per kind. */
  public static final int DEFAULT_MAX_KEYED_INSTANCES = 10_000;

  /**
   * Validates every field.
   *
   * @throws IllegalArgumentException naming the field and the bad value
   * @throws NullPointerException naming the missing field
   */
  public PolicyRegistryConfig {
    Objects.requireNonNull(clock, "clock");
    Checks.positive("idleTimeout", idleTimeout);
    Checks.atLeastOne("maxKeyedInstances", maxKeyedInstances);
  }
}
