package dev.keel.core;

/**
 * How {@link Backoff} randomises a delay so that many clients retrying at once spread out.
 *
 * <p>With {@code exp = base × 2^attempt}:
 *
 * <ul>
 *   <li>{@link #NONE}: {@code min(exp, max)}.
 *   <li>{@link #PROPORTIONAL} (the default): {@code min(exp ± exp × factor, max)}, factor 0.25.
 *   <li>{@link #FULL}: uniform in {@code [0, min(exp, max)]} (AWS "full jitter").
 *   <li>{@link #EQUAL}: {@code c/2 + uniform[0, c/2]} with {@code c = min(exp, max)} (AWS "equal
 *       jitter").
 *   <li>{@link #DECORRELATED}: {@code min(max, uniform[base, previous × 3])} (AWS "decorrelated
 *       jitter"); depends on the previous delay rather than the attempt number.
 * </ul>
 */
public enum Jitter {
  NONE,
  PROPORTIONAL,
  FULL,
  EQUAL,
  DECORRELATED
}
