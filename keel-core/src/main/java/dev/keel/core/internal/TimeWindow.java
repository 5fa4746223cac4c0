package dev.keel.core.internal;

import java.util.concurrent.atomic.AtomicLongArray;

/**
 * Failure rate over the last {@code window} of time, kept in {@value #BUCKETS} buckets of {@code
 * window / BUCKETS} each; the window therefore slides in steps of one bucket.
 *
 * <p>Design: each bucket is one {@code long} packing the bucket's epoch (which bucket-length slice
 * of time it counts, modulo 2^24), its failures and its calls (20 bits each, saturating). A writer
 * CASes the whole word: if the stored epoch is stale it starts the bucket afresh, otherwise it adds
 * to it. Because epoch and counts change together there is no reset race between "clear the old
 * bucket" and "count into the new one". A reader sums the buckets whose epoch lies within the last
 * {@value #BUCKETS} epochs. The 24-bit epoch wraps after 2^24 buckets (about 194 days for a 60 s
 * window); a bucket untouched for an exact multiple of that could be miscounted once, which we
 * accept.
 */
final class TimeWindow implements FailureCounter {

  static final int BUCKETS = 20;

  private static final int COUNT_BITS = 20;
  private static final long COUNT_MASK = (1L << COUNT_BITS) - 1;
  private static final int EPOCH_BITS = 24;
  private static final long EPOCH_MASK = (1L << EPOCH_BITS) - 1;
  private static final int EPOCH_SHIFT = 2 * COUNT_BITS;

  private final long bucketNanos;
  private final int minimumCalls;
  private final double threshold;

  /** Per bucket: epoch (24 bits) | failures (20 bits) | calls (20 bits). */
  private final AtomicLongArray buckets = new AtomicLongArray(BUCKETS);

  TimeWindow(long windowNanos, int minimumCalls, double threshold) {
    this.bucketNanos = Math.max(1, windowNanos / BUCKETS);
    this.minimumCalls = minimumCalls;
    this.threshold = threshold;
    // Buckets start as zero words: whatever epoch they claim, they add no calls.
  }

  @Override
  public boolean record(boolean failure, long nowNanos) {
    long epoch = Math.floorDiv(nowNanos, bucketNanos);
    int index = (int) Math.floorMod(epoch, (long) BUCKETS);
    long tag = epoch & EPOCH_MASK;
    long current;
    long updated;
    do {
      current = buckets.get(index);
      long calls = 0;
      long failures = 0;
      if (epochOf(current) == tag) {
        calls = callsOf(current);
        failures = failuresOf(current);
      }
      if (calls < COUNT_MASK) {
        calls++;
        if (failure) {
          failures++;
        }
      }
      updated = pack(tag, failures, calls);
    } while (current != updated && !buckets.compareAndSet(index, current, updated));
    long totals = totals(epoch);
    int calls = (int) (totals >>> 32);
    int failed = (int) totals;
    return calls >= minimumCalls && failed * 100.0 >= threshold * calls;
  }

  @Override
  public double failureRate(long nowNanos) {
    long totals = totals(Math.floorDiv(nowNanos, bucketNanos));
    int calls = (int) (totals >>> 32);
    return calls < minimumCalls ? -1 : (int) totals * 100.0 / calls;
  }

  @Override
  public boolean needsTime() {
    return true;
  }

  /** Calls in the high 32 bits, failures in the low 32 bits, over the window ending at epoch. */
  private long totals(long epoch) {
    long calls = 0;
    long failures = 0;
    long tag = epoch & EPOCH_MASK;
    for (int i = 0; i < BUCKETS; i++) {
      long bucket = buckets.get(i);
      long age = (tag - epochOf(bucket)) & EPOCH_MASK;
      if (age < BUCKETS) {
        calls += callsOf(bucket);
        failures += failuresOf(bucket);
      }
    }
    return (calls << 32) | failures;
  }

  private static long pack(long epochTag, long failures, long calls) {
    return (epochTag << EPOCH_SHIFT) | (failures << COUNT_BITS) | calls;
  }

  private static long epochOf(long bucket) {
    return (bucket >>> EPOCH_SHIFT) & EPOCH_MASK;
  }

  private static long failuresOf(long bucket) {
    return (bucket >>> COUNT_BITS) & COUNT_MASK;
  }

  private static long callsOf(long bucket) {
    return bucket & COUNT_MASK;
  }
}
