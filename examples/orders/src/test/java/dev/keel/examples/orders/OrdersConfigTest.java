package dev.keel.examples.orders;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Environment-based switching: every downstream URL from a variable, bad values named. */
class OrdersConfigTest {

  private static Map<String, String> dev() {
    Map<String, String> env = new HashMap<>();
    env.put("PAYMENT_SERVICE_URL", "http://localhost:8081");
    env.put("RECOMMENDATIONS_URL", "http://localhost:8082");
    env.put("EMAIL_SERVICE_URL", "http://localhost:8083");
    return env;
  }

  @Test
  void developmentEnvironmentPointsAtLocalMocksWithEveryOtherDefault() {
    OrdersConfig c = OrdersConfig.fromEnvironment(dev()::get);

    assertThat(c.paymentServiceUrl()).isEqualTo(URI.create("http://localhost:8081"));
    assertThat(c.recommendationsUrl()).isEqualTo(URI.create("http://localhost:8082"));
    assertThat(c.emailServiceUrl()).isEqualTo(URI.create("http://localhost:8083"));
    assertThat(c.port()).isEqualTo(8090);
    assertThat(c.databaseUrl()).isEqualTo(OrdersConfig.DEFAULT_DATABASE_URL);
    assertThat(c.idempotencyStore()).isEqualTo(IdempotencyStoreKind.MEMORY);
    assertThat(c.paymentTimeout()).isEqualTo(Duration.ofSeconds(2));
  }

  @Test
  void productionEnvironmentPointsAtTheRealServicesAndSharedStores() {
    Map<String, String> env = dev();
    env.put("PAYMENT_SERVICE_URL", "https://payments.internal.example.com/v2");
    env.put("KEEL_DATABASE_URL", "jdbc:postgresql://db/orders?user=app&password=secret");
    env.put("KEEL_REDIS_URL", "redis://cache:6379");
    env.put("PAYMENT_SERVICE_COOLDOWN", "PT10S");

    OrdersConfig c = OrdersConfig.fromEnvironment(env::get);

    assertThat(c.paymentServiceUrl().toString())
        .isEqualTo("https://payments.internal.example.com/v2");
    assertThat(c.idempotencyStore()).isEqualTo(IdempotencyStoreKind.REDIS);
    assertThat(c.paymentCooldown()).isEqualTo(Duration.ofSeconds(10));
    assertThat(c.databaseUrlForLogs()).doesNotContain("secret");
    assertThat(c.toString()).doesNotContain("secret").contains("payments.internal.example.com");
  }

  @Test
  void missingDownstreamUrlFailsNamingTheVariable() {
    Map<String, String> env = dev();
    env.remove("PAYMENT_SERVICE_URL");

    assertThatThrownBy(() -> OrdersConfig.fromEnvironment(env::get))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("PAYMENT_SERVICE_URL is not set");
  }

  @Test
  void badValuesFailNamingTheVariableAndTheValue() {
    assertBad("RECOMMENDATIONS_URL", "localhost:8082", "RECOMMENDATIONS_URL");
    assertBad("ORDERS_HTTP_PORT", "eighty", "'eighty'");
    assertBad("ORDERS_HTTP_PORT", "70000", "70000");
    assertBad("PAYMENT_SERVICE_TIMEOUT", "2s", "'2s'");
    assertBad("PAYMENT_SERVICE_MAX_ATTEMPTS", "0", "PAYMENT_SERVICE_MAX_ATTEMPTS");
    assertBad("KEEL_DATABASE_URL", "jdbc:mysql://db/x", "KEEL_DATABASE_URL");
    assertBad("ORDERS_IDEMPOTENCY_STORE", "disk", "'disk'");
    assertBad("ORDERS_IDEMPOTENCY_STORE", "redis", "KEEL_REDIS_URL is not set");
  }

  private static void assertBad(String variable, String value, String message) {
    Map<String, String> env = dev();
    env.put(variable, value);
    assertThatThrownBy(() -> OrdersConfig.fromEnvironment(env::get))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining(message);
  }
}
