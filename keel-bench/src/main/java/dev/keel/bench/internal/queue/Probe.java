package dev.keel.bench.internal.queue;

import java.time.Instant;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;

/**
 * What every subject's no-op job calls: counts runs and records when latency samples started.
 * Static because JobRunr runs a static method named in the job; one probe per JVM is what we want.
 */
public final class Probe {

  /** Jobs run so far in this JVM, drain and samples alike. */
  private static final AtomicInteger RAN = new AtomicInteger();

  /** {@code System.nanoTime()} when the first job of this JVM started; 0 before. */
  private static final AtomicLong FIRST_START = new AtomicLong();

  /** Index of the first latency sample; jobs below it are drain jobs. */
  private static volatile int sampleBase = Integer.MAX_VALUE;

  /** Start time of each latency sample, epoch microseconds; 0 until it starts. */
  private static volatile AtomicLongArray sampleStarts = new AtomicLongArray(0);

  private Probe() {}

  /** The no-op job: records that job {@code index} started. */
  public static void ran(int index) {
    int base = sampleBase;
    if (index >= base) {
      long now = micros();
      AtomicLongArray starts = sampleStarts;
      int i = index - base;
      if (i < starts.length()) {
        starts.compareAndSet(i, 0, now);
      }
    }
    if (FIRST_START.get() == 0) {
      FIRST_START.compareAndSet(0, System.nanoTime());
    }
    RAN.incrementAndGet();
  }

  /** Forgets every run (after the warm-up, whose workers have stopped). */
  static void reset() {
    RAN.set(0);
    FIRST_START.set(0);
  }

  /** {@code System.nanoTime()} when the first job started, 0 before any did. */
  static long firstStartNanos() {
    return FIRST_START.get();
  }

  /** Jobs run so far. */
  static int ranCount() {
    return RAN.get();
  }

  /** Prepares {@code samples} latency slots for jobs numbered from {@code base}. */
  static void expectSamples(int base, int samples) {
    sampleStarts = new AtomicLongArray(samples);
    sampleBase = base;
  }

  /** The recorded start of sample {@code i}, or 0 when it has not started. */
  static long sampleStart(int i) {
    return sampleStarts.get(i);
  }

  /**
   * Wall-clock microseconds since the epoch: comparable between processes on one machine, unlike
   * {@code nanoTime}.
   */
  static long micros() {
    Instant now = Instant.now();
    return now.getEpochSecond() * 1_000_000L + now.getNano() / 1_000;
  }
}
