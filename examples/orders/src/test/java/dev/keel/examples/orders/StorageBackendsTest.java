package dev.keel.examples.orders;

import static java.util.concurrent.TimeUnit.SECONDS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.keel.jobs.JobState;
import dev.keel.testkit.FaultyMock;
import dev.keel.testkit.KeelMock;
import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The storage the environment selects, against the real servers: jobs on PostgreSQL (in the schema
 * of the URL's {@code currentSchema}, as {@code keel server} reads it), idempotency keys in Redis,
 * in PostgreSQL or in a SQLite file. Each test uses its own schema and key prefix and removes them.
 */
class StorageBackendsTest {

  private static final String POSTGRES = "jdbc:postgresql://127.0.0.1:5432/test?user=postgres";
  private static final String REDIS = "redis://127.0.0.1:6379";

  @KeelMock(stubs = "stubs/payment-service")
  FaultyMock payment;

  @KeelMock(stubs = "stubs/recommendations")
  FaultyMock recommendations;

  @KeelMock(stubs = "stubs/email-service")
  FaultyMock email;

  @TempDir Path dir;

  private final String schema =
      "orders_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
  private final String prefix = "orders-test:" + UUID.randomUUID() + ":";

  @AfterEach
  void cleanUp() throws Exception {
    try (Connection c = DriverManager.getConnection(POSTGRES);
        Statement s = c.createStatement()) {
      s.execute("DROP SCHEMA IF EXISTS " + schema + " CASCADE");
    }
    RedisClient client = RedisClient.create(REDIS);
    try (StatefulRedisConnection<String, String> redis = client.connect()) {
      List<String> keys = redis.sync().keys(prefix + "*");
      if (!keys.isEmpty()) {
        redis.sync().del(keys.toArray(String[]::new));
      }
    } finally {
      client.shutdown();
    }
  }

  private void placeAndConfirm(OrdersConfig config) throws Exception {
    try (OrdersApp app = OrdersApp.start(config)) {
      String key = UUID.randomUUID().toString();
      TestSupport.Answer first = TestSupport.post(app, "cust-1", key, TestSupport.ORDER);
      TestSupport.Answer repeat = TestSupport.post(app, "cust-1", key, TestSupport.ORDER);

      assertThat(first.status()).isEqualTo(201);
      assertThat(repeat.header("Idempotent-Replayed")).isEqualTo("true");
      assertThat(payment.journal()).hasSize(1);
      long jobId = first.json().path("confirmationEmail").path("jobId").asLong();
      await()
          .atMost(30, SECONDS)
          .until(() -> app.jobs().job(jobId).orElseThrow().state() == JobState.COMPLETED);
    }
  }

  private long count(String table) throws Exception {
    try (Connection c = DriverManager.getConnection(POSTGRES);
        Statement s = c.createStatement();
        ResultSet r = s.executeQuery("SELECT count(*) FROM " + schema + "." + table)) {
      r.next();
      return r.getLong(1);
    }
  }

  @Test
  void jobsOnPostgresInTheUrlsSchemaAndKeysInRedis() throws Exception {
    placeAndConfirm(
        TestSupport.config(payment, recommendations, email, dir)
            .databaseUrl(POSTGRES + "&currentSchema=" + schema)
            .redisUrl(URI.create(REDIS))
            .redisKeyPrefix(prefix)
            .build());

    assertThat(count("keel_jobs")).isEqualTo(1);
    RedisClient client = RedisClient.create(REDIS);
    try (StatefulRedisConnection<String, String> redis = client.connect()) {
      assertThat(redis.sync().keys(prefix + "*")).hasSize(1);
    } finally {
      client.shutdown();
    }
  }

  @Test
  void keysInPostgresBesideTheJobs() throws Exception {
    placeAndConfirm(
        TestSupport.config(payment, recommendations, email, dir)
            .databaseUrl(POSTGRES + "&currentSchema=" + schema)
            .idempotencyStore(IdempotencyStoreKind.DATABASE)
            .build());

    assertThat(count("keel_jobs")).isEqualTo(1);
    assertThat(count("keel_idempotency_keys")).isEqualTo(1);
  }

  @Test
  void keysInASqliteFileBesideTheJobStore() throws Exception {
    placeAndConfirm(
        TestSupport.config(payment, recommendations, email, dir)
            .idempotencyStore(IdempotencyStoreKind.DATABASE)
            .build());

    assertThat(dir.resolve("orders.db")).exists();
    assertThat(dir.resolve("orders-idempotency.db")).exists();
    assertThat(Files.size(dir.resolve("orders-idempotency.db"))).isPositive();
  }
}
