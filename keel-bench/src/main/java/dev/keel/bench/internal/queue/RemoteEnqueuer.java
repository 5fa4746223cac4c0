package dev.keel.bench.internal.queue;

import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * The latency phase's enqueuer, in its own JVM: enqueues a few warm-up jobs, then one sample job
 * every 20–40 ms, and prints {@code A <index> <epoch micros before the call>} for each, then {@code
 * DONE}. Arguments: subject, location, first sample index, sample count.
 */
public final class RemoteEnqueuer {

  /** Warm-up enqueues (class loading, JIT, connections) before the first timed sample. */
  static final int WARMUPS = 20;

  private RemoteEnqueuer() {}

  /**
   * Runs the enqueuer; exits non-zero on failure.
   *
   * @param args subject, location, first sample index, sample count
   * @throws Exception when an enqueue fails
   */
  public static void main(String[] args) throws Exception {
    String subject = args[0];
    String location = args[1];
    int base = Integer.parseInt(args[2]);
    int samples = Integer.parseInt(args[3]);
    try (QueueSubject queue = Subjects.open(subject, location);
        QueueSubject.Enqueuer enqueuer = queue.openEnqueuer()) {
      send(
          enqueuer,
          base,
          samples,
          (i, micros) -> {
            System.out.println("A " + i + " " + micros);
            System.out.flush();
          });
      System.out.println("DONE");
      System.out.flush();
    }
  }

  /** Told the epoch microseconds just before sample {@code i} was enqueued. */
  interface Sent {
    void sent(int i, long micros);
  }

  /**
   * The sampling loop, also used in-process for stores that cannot be shared between processes:
   * {@value #WARMUPS} untimed warm-up jobs, half a second of quiet, then {@code samples} jobs 20–40
   * ms apart.
   */
  static void send(QueueSubject.Enqueuer enqueuer, int base, int samples, Sent sent)
      throws Exception {
    for (int i = 0; i < WARMUPS; i++) {
      enqueuer.enqueue(base + samples + i); // beyond the sample slots: counted, not timed
    }
    LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(500));
    for (int i = 0; i < samples; i++) {
      long before = Probe.micros();
      enqueuer.enqueue(base + i);
      sent.sent(i, before);
      LockSupport.parkNanos(
          TimeUnit.MILLISECONDS.toNanos(ThreadLocalRandom.current().nextLong(20, 41)));
    }
  }
}
