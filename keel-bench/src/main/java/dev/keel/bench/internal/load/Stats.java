package dev.keel.bench.internal.load;

import java.util.Arrays;
import java.util.List;

/** Medians and ranges of per-round figures. */
public final class Stats {

  private Stats() {}

  /** The median of {@code values} (the mean of the middle two for an even count); NaN if empty. */
  public static double median(List<Double> values) {
    if (values.isEmpty()) {
      return Double.NaN;
    }
    double[] sorted = values.stream().mapToDouble(Double::doubleValue).toArray();
    Arrays.sort(sorted);
    int mid = sorted.length / 2;
    return sorted.length % 2 == 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
  }

  /** The arithmetic mean of {@code values}; NaN if empty. */
  public static double mean(List<Double> values) {
    return values.stream().mapToDouble(Double::doubleValue).average().orElse(Double.NaN);
  }

  /** The smallest of {@code values}; NaN if empty. */
  public static double min(List<Double> values) {
    return values.stream().mapToDouble(Double::doubleValue).min().orElse(Double.NaN);
  }

  /** The largest of {@code values}; NaN if empty. */
  public static double max(List<Double> values) {
    return values.stream().mapToDouble(Double::doubleValue).max().orElse(Double.NaN);
  }
}
