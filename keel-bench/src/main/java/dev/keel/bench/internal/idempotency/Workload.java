package dev.keel.bench.internal.idempotency;

import dev.keel.bench.internal.load.ClosedLoop;
import dev.keel.bench.internal.load.LoadResult;
import dev.keel.idempotency.IdempotencyExecutor;
import dev.keel.idempotency.IdempotencyResult;
import dev.keel.idempotency.IdempotencyScope;
import dev.keel.idempotency.IdempotentOperation;
import dev.keel.idempotency.IdempotentResponse;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.concurrent.atomic.LongAdder;

/**
 * The measured work: a trivial in-memory "create order" handler (count, answer 201 with a 64-byte
 * JSON body), called directly or through an {@link IdempotencyExecutor}. Every call checks its
 * answer: a first request must run the handler, a replay must come from the store; anything else is
 * an error of the run.
 */
final class Workload {

  static final IdempotencyScope SCOPE = IdempotencyScope.of("bench-tenant", "POST /orders");

  private static final byte[] BODY =
      "{\"id\":\"ord_0000000000000042\",\"status\":\"created\",\"amount\":4200}"
          .getBytes(StandardCharsets.UTF_8);

  /** What a request fingerprint looks like: SHA-256 in hex, computed once (not measured). */
  private static final String FINGERPRINT = sha256Hex("POST /orders " + new String(BODY));

  private final LongAdder handled = new LongAdder();
  private final IdempotentOperation handler =
      () -> {
        handled.increment();
        return IdempotentResponse.of(201, BODY);
      };

  /** How many times the handler ran. */
  long handled() {
    return handled.sum();
  }

  /** The handler alone. */
  LoadResult none(int threads, int ops) throws InterruptedException {
    return ClosedLoop.run(
        threads,
        ops,
        i -> {
          if (handler.run().status() != 201) {
            throw new IllegalStateException("the handler answered something else than 201");
          }
        });
  }

  /**
   * Requests through {@code executor} with keys {@code <keyPrefix><index>}: first requests when the
   * keys are new, replays when the same keys ran before.
   */
  LoadResult through(
      IdempotencyExecutor executor, int threads, int ops, String keyPrefix, boolean replay)
      throws InterruptedException {
    return ClosedLoop.run(
        threads,
        ops,
        i -> {
          IdempotencyResult result = executor.execute(SCOPE, keyPrefix + i, FINGERPRINT, handler);
          IdempotencyResult.Source expected =
              replay ? IdempotencyResult.Source.REPLAYED : IdempotencyResult.Source.EXECUTED;
          if (result.source() != expected || result.response().status() != 201) {
            throw new IllegalStateException(
                "key "
                    + keyPrefix
                    + i
                    + ": expected "
                    + expected
                    + ", got "
                    + result.source()
                    + " with status "
                    + result.response().status());
          }
        });
  }

  private static String sha256Hex(String text) {
    try {
      return HexFormat.of()
          .formatHex(
              MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is missing from this JDK", e);
    }
  }
}
