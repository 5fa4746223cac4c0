package dev.keel.testkit.internal;

/**
 * Deterministic uniform draws keyed by (seed, rule, request, stream): the same key always gives the
 * same number, whatever the order in which concurrent requests arrive. SplitMix64 finalisers
 * decorrelate neighbouring keys.
 */
public final class Draws {

  /** The draw that decides whether a rule fires. */
  public static final int FIRE = 0;

  /** The draw that picks a uniform latency. */
  public static final int LATENCY = 1;

  private Draws() {}

  /** A number in [0, 1) for the key. */
  public static double uniform(long seed, int rule, long request, int stream) {
    long z = mix(seed ^ 0x6A09E667F3BCC909L);
    z = mix(z ^ (request * 0x9E3779B97F4A7C15L));
    z = mix(z ^ ((long) rule << 32 | (stream & 0xFFFFFFFFL)));
    return (z >>> 11) * 0x1.0p-53;
  }

  private static long mix(long z) {
    z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
    z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
    return z ^ (z >>> 31);
  }
}
