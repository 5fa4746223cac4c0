package dev.keel.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** The shared budget stops a retry storm and refills once the dependency answers again. */
class RetryBudgetTest {

  private static final int CALLS = 1000;
  private static final int MAX_ATTEMPTS = 5;

  private static Retry retry(String name, RetryBudget budget, List<RetryEvent> events) {
    Retry retry =
        Retry.builder(name).maxAttempts(MAX_ATTEMPTS).budget(budget).sleeper(d -> {}).build();
    if (events != null) {
      retry.onEvent(events::add);
    }
    return retry;
  }

  private static void failingCall(Retry retry, AtomicInteger attempts) {
    IOException down = new IOException("down");
    assertThatThrownBy(
            () ->
                retry.call(
                    () -> {
                      attempts.incrementAndGet();
                      throw down;
                    }))
        .isSameAs(down);
  }

  @Test
  void aRetryStormIsCappedAtTheCallsPlusHalfTheTokens() {
    RetryBudget budget = RetryBudget.ofDefaults(); // 100 tokens, ratio 0.1
    List<RetryEvent> events = new ArrayList<>();
    Retry first = retry("a", budget, events);
    Retry second = retry("b", budget, null);
    AtomicInteger attempts = new AtomicInteger();

    for (int i = 0; i < CALLS; i++) {
      failingCall(i % 2 == 0 ? first : second, attempts);
    }

    // Without a budget: 5 000 attempts. With it: retries stop once 50 of the 100 tokens are gone.
    assertThat(attempts.get()).isLessThanOrEqualTo(CALLS + 100 / 2).isGreaterThan(CALLS);
    assertThat(attempts.get()).isLessThanOrEqualTo((int) ((1 + 0.1) * CALLS));
    assertThat(attempts).hasValue(1040); // 10 calls use all 5 attempts, then no call retries
    assertThat(budget.availableTokens()).isZero();
    assertThat(budget.allowRetry()).isFalse();
    assertThat(events).filteredOn(RetryEvent.BudgetExhausted.class::isInstance).hasSize(495);
    assertThat(first.metrics().budgetExhausted() + second.metrics().budgetExhausted())
        .isEqualTo(990);
  }

  @Test
  void successesRefillTheBudgetAndRetriesResume() throws Exception {
    RetryBudget budget = RetryBudget.ofDefaults();
    Retry retry = retry("r", budget, null);
    AtomicInteger attempts = new AtomicInteger();
    for (int i = 0; i < 100; i++) {
      failingCall(retry, attempts);
    }
    assertThat(budget.allowRetry()).isFalse();

    for (int i = 0; i < 500; i++) {
      assertThat(retry.call(() -> "ok")).isEqualTo("ok");
    }
    assertThat(budget.availableTokens()).isEqualTo(50.0);
    assertThat(budget.allowRetry()).as("exactly half is not more than half").isFalse();
    attempts.set(0);
    failingCall(retry, attempts);
    assertThat(attempts).as("50 - 1 tokens left after the failure: no retry").hasValue(1);

    for (int i = 0; i < 21; i++) {
      retry.call(() -> "ok");
    }
    assertThat(budget.availableTokens()).isEqualTo(51.1, within(1e-9));
    attempts.set(0);
    failingCall(retry, attempts);
    // 51.1 -> 50.1 after the first failure (more than half: retry), 49.1 after the second (stop).
    assertThat(attempts).as("the refilled budget allows a retry again").hasValue(2);
  }

  @Test
  void theCapHoldsUnderConcurrency() throws Exception {
    RetryBudget budget = RetryBudget.ofDefaults();
    List<Retry> retries = List.of(retry("a", budget, null), retry("b", budget, null));
    AtomicInteger attempts = new AtomicInteger();
    int threads = 16;
    int callsPerThread = 100;
    try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
      List<Future<?>> done = new ArrayList<>();
      for (int t = 0; t < threads; t++) {
        Retry retry = retries.get(t % 2);
        done.add(
            pool.submit(
                () -> {
                  for (int i = 0; i < callsPerThread; i++) {
                    failingCall(retry, attempts);
                  }
                }));
      }
      for (Future<?> f : done) {
        f.get(30, TimeUnit.SECONDS);
      }
    }
    // Without successes tokens only fall, so a retry passes the check only within the first 50
    // failures: the bound is exact even with racing threads.
    assertThat(attempts.get())
        .isBetween(threads * callsPerThread + 1, threads * callsPerThread + 50);
  }

  @Test
  void tokensStayBetweenZeroAndMax() {
    RetryBudget budget = RetryBudget.of(3, 0.25);
    for (int i = 0; i < 10; i++) {
      budget.onSuccess();
    }
    assertThat(budget.availableTokens()).isEqualTo(3.0);
    budget.onFailure();
    assertThat(budget.availableTokens()).isEqualTo(2.0);
    assertThat(budget.allowRetry()).isTrue();
    budget.onFailure();
    assertThat(budget.allowRetry()).isFalse();
    for (int i = 0; i < 10; i++) {
      budget.onFailure();
    }
    assertThat(budget.availableTokens()).isZero();
    budget.onSuccess();
    assertThat(budget.availableTokens()).isEqualTo(0.25);
  }

  @Test
  void unlimitedNeverRefuses() {
    RetryBudget budget = RetryBudget.unlimited();
    for (int i = 0; i < 1000; i++) {
      budget.onFailure();
    }
    assertThat(budget.allowRetry()).isTrue();
    assertThat(budget.availableTokens()).isInfinite();
  }

  @Test
  void badSettingsNameTheArgument() {
    assertThatThrownBy(() -> RetryBudget.of(0, 0.1))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("maxTokens")
        .hasMessageContaining("0");
    assertThatThrownBy(() -> RetryBudget.of(10, 0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("tokenRatio");
    assertThatThrownBy(() -> RetryBudget.of(10, Double.NaN)).hasMessageStartingWith("tokenRatio");
    assertThatThrownBy(() -> RetryBudget.of(10, 11)).hasMessageStartingWith("tokenRatio");
    assertThatThrownBy(() -> RetryBudget.of(10, 0.0001)).hasMessageStartingWith("tokenRatio");
  }
}
