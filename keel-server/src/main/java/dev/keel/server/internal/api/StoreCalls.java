package dev.keel.server.internal.api;

import dev.keel.core.CircuitBreakerOpenException;
import dev.keel.core.Dependency;
import dev.keel.jobs.InvalidJobException;
import dev.keel.jobs.JobStoreException;
import dev.keel.jobs.LeaseLostException;
import dev.keel.jobs.PayloadTooLargeException;
import dev.keel.jobs.RateLimitedException;
import dev.keel.server.internal.http.Problem;
import dev.keel.server.internal.http.Problems;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Every call from the API into keel-jobs goes through here: through the job store's {@link
 * Dependency} (a circuit breaker that opens on store failures, so a database outage fails requests
 * fast with 503 instead of letting each wait for its timeout), and with keel-jobs' exceptions
 * turned into problems. Thread-safe.
 */
public final class StoreCalls {

  private static final Logger LOG = LoggerFactory.getLogger(StoreCalls.class);

  private final Dependency store;

  /** Calls through {@code store}. */
  public StoreCalls(Dependency store) {
    this.store = store;
  }

  /**
   * Runs {@code call}.
   *
   * @throws Problem.Exception 400, 409, 413, 429 or 503
   */
  public <T> T call(Supplier<T> call) {
    try {
      return store.call(call::get);
    } catch (PayloadTooLargeException e) {
      throw Problems.of(
              "payload-too-large",
              "Payload too large",
              413,
              e.getMessage(),
              List.of(new Problem.FieldError("payload", e.getMessage())),
              Map.of())
          .toException();
    } catch (InvalidJobException e) {
      throw Problems.validation(e.field(), e.getMessage()).toException();
    } catch (RateLimitedException e) {
      long seconds = Math.max(1, (e.retryAfter().toMillis() + 999) / 1000);
      throw Problems.rateLimited(e.getMessage(), seconds).toException();
    } catch (LeaseLostException e) {
      throw Problems.conflict("lease-lost", "Lease lost", e.getMessage()).toException();
    } catch (CircuitBreakerOpenException e) {
      long seconds = Math.max(1, (e.retryAfter().toMillis() + 999) / 1000);
      throw Problems.unavailable(
              "store-unavailable",
              "the job store failed repeatedly and is being given a rest (circuit breaker "
                  + e.state().name().toLowerCase(java.util.Locale.ROOT)
                  + "); nothing was changed, retry later",
              seconds)
          .toException();
    } catch (JobStoreException e) {
      LOG.warn("job store call failed: {}", e.toString());
      throw Problems.unavailable(
              "store-unavailable",
              "the job store is not reachable right now; nothing was changed, retry later",
              5)
          .toException();
    } catch (RuntimeException e) {
      throw e;
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }
}
