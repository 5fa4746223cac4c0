package dev.keel.http.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class ResponseDeadlinesTest {

  private static final ResponseDeadlines DEADLINES = new ResponseDeadlines("test-deadlines");

  /** Counts its expiries. */
  private static final class Entry implements ResponseDeadlines.Expiring {
    final long deadline;
    final AtomicInteger expiries = new AtomicInteger();

    Entry(Duration fromNow) {
      this.deadline = System.nanoTime() + fromNow.toNanos();
    }

    @Override
    public long deadlineNanos() {
      return deadline;
    }

    @Override
    public void expire() {
      expiries.incrementAndGet();
    }
  }

  @Test
  void an_entry_whose_deadline_passes_is_expired_once_and_forgotten() {
    Entry entry = new Entry(Duration.ofMillis(50));

    DEADLINES.add(entry);

    await().atMost(Duration.ofSeconds(30)).until(() -> entry.expiries.get() == 1);
    await()
        .during(Duration.ofMillis(200))
        .atMost(Duration.ofSeconds(30))
        .until(() -> entry.expiries.get() == 1);
  }

  @Test
  void a_removed_entry_is_not_expired() {
    Entry removed = new Entry(Duration.ofMillis(20));
    Entry sentinel = new Entry(Duration.ofMillis(100));
    DEADLINES.add(removed);
    DEADLINES.add(sentinel);

    DEADLINES.remove(removed);

    // The scan that expires the later sentinel is past the removed entry's deadline too.
    await().atMost(Duration.ofSeconds(30)).until(() -> sentinel.expiries.get() == 1);
    assertThat(removed.expiries.get()).isZero();
  }

  @Test
  void an_earlier_deadline_added_while_the_watcher_waits_for_a_later_one_still_expires() {
    Entry later = new Entry(Duration.ofHours(1));
    Entry earlier = new Entry(Duration.ofMillis(30));
    DEADLINES.add(later);
    try {
      DEADLINES.add(earlier);

      await().atMost(Duration.ofSeconds(30)).until(() -> earlier.expiries.get() == 1);
      assertThat(later.expiries.get()).isZero();
    } finally {
      DEADLINES.remove(later);
    }
  }

  @Test
  void many_entries_from_many_threads_each_expire_exactly_once_unless_removed() throws Exception {
    int threads = 8;
    int perThread = 500;
    Entry[][] entries = new Entry[threads][perThread];
    Thread[] workers = new Thread[threads];
    for (int t = 0; t < threads; t++) {
      int row = t;
      workers[t] =
          Thread.ofVirtual()
              .start(
                  () -> {
                    for (int i = 0; i < perThread; i++) {
                      Entry e = new Entry(Duration.ofMillis(i % 50));
                      entries[row][i] = e;
                      DEADLINES.add(e);
                      if (i % 2 == 0) {
                        DEADLINES.remove(e);
                      }
                    }
                  });
    }
    for (Thread w : workers) {
      w.join(TimeUnit.SECONDS.toMillis(30));
    }

    await()
        .atMost(Duration.ofSeconds(30))
        .untilAsserted(
            () -> {
              for (Entry[] row : entries) {
                for (int i = 0; i < row.length; i++) {
                  // Removed right after adding: expired at most once (if the watcher was faster).
                  if (i % 2 == 0) {
                    assertThat(row[i].expiries.get()).isLessThanOrEqualTo(1);
                  } else {
                    assertThat(row[i].expiries.get()).isEqualTo(1);
                  }
                }
              }
            });
  }
}
