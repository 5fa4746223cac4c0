package dev.keel.testkit;

import dev.keel.testkit.internal.SpecDurations;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.Objects;

/**
 * When a {@link FaultRule} fires. All three conditions must hold: the request's number is in {@link
 * #requests()}, the time since the faults were set is in {@link #window()}, and a deterministic
 * draw from the seed falls under {@link #rate()}.
 *
 * <p>Requests are numbered from 1 in arrival order since the faults were last set (or the mock
 * started); time is measured on the mock's {@link dev.keel.core.KeelClock}.
 *
 * <p>Immutable and thread-safe.
 *
 * @param requests the request numbers the rule applies to [all]
 * @param window the time since the faults were set in which the rule applies [always]
 * @param rate the fraction of the remaining requests that get the fault, in [0, 1] [1]
 */
public record FaultTrigger(RequestRange requests, TimeWindow window, double rate) {

  /** Fires on every request. */
  public static final FaultTrigger ALWAYS =
      new FaultTrigger(RequestRange.ALL, TimeWindow.ALWAYS, 1.0);

  /**
   * @throws IllegalArgumentException if {@code rate} is not in [0, 1]
   */
  public FaultTrigger {
    Objects.requireNonNull(requests, "requests");
    Objects.requireNonNull(window, "window");
    if (!(rate >= 0.0 && rate <= 1.0)) {
      throw new IllegalArgumentException("rate must be in [0, 1], was " + rate);
    }
  }

  /** Fires on a fraction of requests: {@code @0.2} in a SPEC. */
  public static FaultTrigger rate(double rate) {
    return new FaultTrigger(RequestRange.ALL, TimeWindow.ALWAYS, rate);
  }

  /** Fires on requests {@code first} to {@code last} inclusive: {@code #1-5} in a SPEC. */
  public static FaultTrigger requests(long first, long last) {
    return new FaultTrigger(new RequestRange(first, last), TimeWindow.ALWAYS, 1.0);
  }

  /** Fires from {@code start} (inclusive) to {@code end} (exclusive) after the faults were set. */
  public static FaultTrigger window(Duration start, Duration end) {
    return new FaultTrigger(RequestRange.ALL, new TimeWindow(start, end), 1.0);
  }

  /**
   * Whether the rule fires.
   *
   * @param requestNumber the request's number, from 1
   * @param sinceSet time since the faults were set
   * @param draw a uniform draw in [0, 1) for this rule and request
   */
  public boolean fires(long requestNumber, Duration sinceSet, double draw) {
    return requests.contains(requestNumber) && window.contains(sinceSet) && draw < rate;
  }

  /** The SPEC suffix: {@code #1-5~0s-30s@0.5}, or empty for {@link #ALWAYS}. */
  @Override
  public String toString() {
    StringBuilder sb = new StringBuilder();
    sb.append(requests);
    sb.append(window);
    if (rate != 1.0) {
      sb.append('@').append(BigDecimal.valueOf(rate).stripTrailingZeros().toPlainString());
    }
    return sb.toString();
  }

  /**
   * Request numbers {@code first..last}, inclusive, counted from 1. {@code last == Long.MAX_VALUE}
   * means no upper bound.
   */
  public record RequestRange(long first, long last) {
    /** Every request. */
    public static final RequestRange ALL = new RequestRange(1, Long.MAX_VALUE);

    /**
     * @throws IllegalArgumentException if {@code first < 1} or {@code last < first}
     */
    public RequestRange {
      if (first < 1) {
        throw new IllegalArgumentException("first request must be >= 1, was " + first);
      }
      if (last < first) {
        throw new IllegalArgumentException(
            "last request must be >= first, was first=" + first + " last=" + last);
      }
    }

    /** Whether {@code n} is in the range. */
    public boolean contains(long n) {
      return n >= first && n <= last;
    }

    /** {@code #3}, {@code #1-5}, {@code #6-}, or empty for {@link #ALL}. */
    @Override
    public String toString() {
      if (equals(ALL)) {
        return "";
      }
      if (first == last) {
        return "#" + first;
      }
      return last == Long.MAX_VALUE ? "#" + first + "-" : "#" + first + "-" + last;
    }
  }

  /**
   * A span of time after the faults were set: from {@code start} (inclusive) to {@code end}
   * (exclusive); a null {@code end} means no end.
   */
  public record TimeWindow(Duration start, Duration end) {
    /** All the time. */
    public static final TimeWindow ALWAYS = new TimeWindow(Duration.ZERO, null);

    /**
     * @throws IllegalArgumentException if {@code start} is negative or {@code end <= start}
     */
    public TimeWindow {
      SpecDurations.requireWholeMillis("window start", start);
      if (end != null) {
        SpecDurations.requireWholeMillis("window end", end);
        if (end.compareTo(start) <= 0) {
          throw new IllegalArgumentException(
              "window end must be after start, was start=" + start + " end=" + end);
        }
      }
    }

    /** Whether {@code sinceSet} is in the window. */
    public boolean contains(Duration sinceSet) {
      return sinceSet.compareTo(start) >= 0 && (end == null || sinceSet.compareTo(end) < 0);
    }

    /** {@code ~10s-30s}, {@code ~10s-}, or empty for {@link #ALWAYS}. */
    @Override
    public String toString() {
      if (equals(ALWAYS)) {
        return "";
      }
      return "~"
          + SpecDurations.format(start)
          + "-"
          + (end == null ? "" : SpecDurations.format(end));
    }
  }
}
