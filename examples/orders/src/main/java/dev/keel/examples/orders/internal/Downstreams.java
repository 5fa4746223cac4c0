package dev.keel.examples.orders.internal;

import dev.keel.core.Criticality;
import dev.keel.core.KeelClock;
import dev.keel.examples.orders.EmailClient;
import dev.keel.examples.orders.OrdersConfig;
import dev.keel.examples.orders.PaymentClient;
import dev.keel.examples.orders.RecommendationsClient;
import dev.keel.http.FallbackResponse;
import dev.keel.http.KeelHttpClient;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;

/**
 * The three downstream clients, each a keel-http client whose base URL comes from the configuration
 * (that is, from the environment). Closing closes all three. Thread-safe.
 *
 * @param payments critical: its breaker open means the service is DOWN
 * @param recommendations optional: degrades to the last good answer or an empty list
 * @param email used by the confirmation-email job only
 */
public record Downstreams(
    PaymentClient payments, RecommendationsClient recommendations, EmailClient email)
    implements AutoCloseable {

  /** How old a cached recommendations answer may be and still be served when the service fails. */
  public static final Duration RECOMMENDATIONS_STALE_IF_ERROR = Duration.ofMinutes(10);

  /** Builds the clients from {@code config}, measuring time on {@code clock}. */
  public static Downstreams create(OrdersConfig config, KeelClock clock, MeterRegistry registry) {
    KeelHttpClient payments =
        KeelHttpClient.builder(PaymentClient.NAME)
            .baseUrl(config.paymentServiceUrl())
            .criticality(Criticality.CRITICAL)
            .requestTimeout(config.paymentTimeout())
            .maxAttempts(config.paymentMaxAttempts())
            .backoff(config.paymentBackoff())
            .maxRetryAfter(Duration.ofSeconds(5))
            .failureThreshold(config.paymentFailureThreshold())
            .cooldown(config.paymentCooldown())
            .clock(clock)
            .meterRegistry(registry)
            .build();
    KeelHttpClient recommendations =
        KeelHttpClient.builder(RecommendationsClient.NAME)
            .baseUrl(config.recommendationsUrl())
            .criticality(Criticality.OPTIONAL)
            .requestTimeout(config.recommendationsTimeout())
            .maxAttempts(1) // an optional answer is not worth making the customer wait
            .staleIfError(RECOMMENDATIONS_STALE_IF_ERROR)
            .fallback(FallbackResponse.json(200, RecommendationsClient.EMPTY))
            .clock(clock)
            .meterRegistry(registry)
            .build();
    KeelHttpClient email =
        KeelHttpClient.builder(EmailClient.NAME)
            .baseUrl(config.emailServiceUrl())
            .requestTimeout(config.emailTimeout())
            .maxAttempts(1) // the job retries, with its own backoff, and dead-letters
            // short: while it is open, job attempts fail without a request and are spent
            .cooldown(config.emailCooldown())
            .clock(clock)
            .meterRegistry(registry)
            .build();
    return new Downstreams(
        new PaymentClient(payments),
        new RecommendationsClient(recommendations),
        new EmailClient(email));
  }

  @Override
  public void close() {
    payments.http().close();
    recommendations.http().close();
    email.http().close();
  }
}
