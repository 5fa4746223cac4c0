package dev.keel.jobs.examples;

import dev.keel.jobs.EnqueueResult;
import dev.keel.jobs.JobRequest;
import dev.keel.jobs.JobStore;
import dev.keel.jobs.JobStores;
import dev.keel.jobs.Jobs;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * The README's example as a program: an embedded SQLite queue, one handler, one job, a graceful
 * shutdown. Run with the test classpath; {@code QuickStartTest} runs it in the build.
 */
public final class QuickStart {

  /** The payload. */
  public record Email(String to, String subject) {}

  private QuickStart() {}

  /** Enqueues one email job, runs it, prints what happened. */
  public static void main(String[] args) throws Exception {
    Path dir = Files.createTempDirectory("keel-quickstart");
    CountDownLatch sent = new CountDownLatch(1);
    try (JobStore store = JobStores.sqlite(dir.resolve("jobs.db"));
        Jobs jobs = Jobs.builder(store).build()) {
      jobs.register(
          "email.send",
          Email.class,
          (ctx, email) -> {
            System.out.println(
                "sending '"
                    + email.subject()
                    + "' to "
                    + email.to()
                    + " with idempotency key "
                    + ctx.idempotencyKey());
            sent.countDown();
          });
      jobs.start();
      EnqueueResult r =
          jobs.enqueue(
              JobRequest.builder("email.send")
                  .queue("high_priority")
                  .payload(new Email("ada@example.com", "Welcome"))
                  .build());
      EnqueueResult again =
          jobs.enqueue(
              JobRequest.builder("email.send")
                  .queue("high_priority")
                  .payload(new Email("ada@example.com", "Welcome"))
                  .build());
      System.out.println("enqueued job " + r.jobId() + ", duplicate enqueue: " + again.duplicate());
      if (!sent.await(30, TimeUnit.SECONDS)) {
        throw new IllegalStateException("the job did not run within 30 s");
      }
    } finally {
      try (var files = Files.walk(dir)) {
        files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
      }
    }
  }
}
