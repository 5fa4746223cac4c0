package dev.keel.bench.internal.load;

import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.atomic.LongAdder;

/**
 * Runs {@code operations} calls of one {@link Operation} on {@code threads} virtual threads, each
 * thread taking the next index until all are taken (a closed loop: a thread sends its next call
 * when the previous one returned). Every call is timed with {@link System#nanoTime()}; the wall
 * time runs from the moment all threads are released together until the last one finished, and the
 * CPU time the whole process used over the same span is recorded too (on a shared machine it moves
 * far less with other processes' load than throughput does).
 *
 * <p>A call that throws counts as an error; the run goes on and the first error is kept for the
 * report. Not reentrant: one run at a time per caller.
 */
public final class ClosedLoop {

  /** One call of the measured operation. */
  @FunctionalInterface
  public interface Operation {
    /**
     * Runs call number {@code index} (0-based, each index exactly once per run).
     *
     * @throws Exception counted as an error of this call
     */
    void run(int index) throws Exception;
  }

  private ClosedLoop() {}

  /**
   * Runs the loop and waits for it.
   *
   * @param threads concurrent virtual threads, at least 1
   * @param operations calls in total, at least 1
   * @param operation the call; must be thread-safe
   * @return throughput, latencies and errors
   * @throws InterruptedException if the caller is interrupted while waiting
   * @throws IllegalArgumentException if {@code threads} or {@code operations} is below 1
   */
  public static LoadResult run(int threads, int operations, Operation operation)
      throws InterruptedException {
    if (threads < 1) {
      throw new IllegalArgumentException("threads must be at least 1, was " + threads);
    }
    if (operations < 1) {
      throw new IllegalArgumentException("operations must be at least 1, was " + operations);
    }
    long[] nanos = new long[operations];
    AtomicInteger next = new AtomicInteger();
    LongAdder errors = new LongAdder();
    AtomicReference<Throwable> firstError = new AtomicReference<>();
    CountDownLatch ready = new CountDownLatch(threads);
    CountDownLatch go = new CountDownLatch(1);
    List<Thread> workers = new ArrayList<>(threads);
    for (int t = 0; t < threads; t++) {
      workers.add(
          Thread.ofVirtual()
              .name("bench-load-", t)
              .start(
                  () -> {
                    ready.countDown();
                    try {
                      go.await();
                    } catch (InterruptedException e) {
                      Thread.currentThread().interrupt();
                      return;
                    }
                    for (int i = next.getAndIncrement();
                        i < operations;
                        i = next.getAndIncrement()) {
                      long start = System.nanoTime();
                      try {
                        operation.run(i);
                      } catch (Exception | Error e) {
                        errors.increment();
                        firstError.compareAndSet(null, e);
                      }
                      nanos[i] = System.nanoTime() - start;
                    }
                  }));
    }
    ready.await();
    long cpuStart = processCpuNanos();
    long start = System.nanoTime();
    go.countDown();
    for (Thread worker : workers) {
      worker.join();
    }
    long wall = System.nanoTime() - start;
    long cpu = processCpuNanos() - cpuStart;
    Throwable error = firstError.get();
    return new LoadResult(
        operations,
        errors.sum(),
        error == null ? "" : error.getClass().getSimpleName() + ": " + error.getMessage(),
        wall,
        cpu,
        nanos);
  }

  /** CPU time used by this process so far, all threads, or -1 where the JVM cannot tell. */
  static long processCpuNanos() {
    if (ManagementFactory.getOperatingSystemMXBean()
        instanceof com.sun.management.OperatingSystemMXBean os) {
      return os.getProcessCpuTime();
    }
    return -1;
  }
}
