package dev.keel.idempotency;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.javalin.Javalin;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link JavalinIdempotency#wrapInTransaction}: the handler's writes and the stored answer commit
 * together, and roll back together, in a real Javalin app over a SQLite file.
 */
class JavalinTransactionalTest {

  @TempDir Path dir;
  private SqliteIdempotencyStore store;
  private Javalin app;
  private URI base;
  private final HttpClient client = HttpClient.newHttpClient();

  @BeforeEach
  void start() throws SQLException {
    store = SqliteIdempotencyStore.builder(dir.resolve("orders.db")).build();
    try (Connection c = store.dataSource().getConnection();
        Statement s = c.createStatement()) {
      s.execute("CREATE TABLE orders (id INTEGER PRIMARY KEY, ref TEXT NOT NULL)");
    }
    JavalinIdempotency idempotency =
        JavalinIdempotency.builder(IdempotencyExecutor.builder(store).build())
            .settings(HttpIdempotencySettings.builder().keyRequired(false).build())
            .tenant(ctx -> "t")
            .build();
    app =
        Javalin.create(
                config ->
                    config.routes.post(
                        "/orders",
                        idempotency.wrapInTransaction(
                            (ctx, tx) -> {
                              long id = insert(tx, ctx.body());
                              if (ctx.header("X-Fail") != null) {
                                throw new IllegalStateException("after the write");
                              }
                              ctx.status(ctx.header("X-5xx") != null ? 503 : 201)
                                  .result("order " + id);
                            })))
            .start("127.0.0.1", 0);
    base = URI.create("http://127.0.0.1:" + app.port());
  }

  @AfterEach
  void stop() {
    app.stop();
  }

  /** Inserts on {@code tx}, or in a connection of its own when the request is not guarded. */
  private long insert(Connection tx, String ref) throws SQLException {
    if (tx == null) {
      try (Connection c = store.dataSource().getConnection()) {
        return insert(c, ref);
      }
    }
    try (PreparedStatement ps =
        tx.prepareStatement("INSERT INTO orders (ref) VALUES (?) RETURNING id")) {
      ps.setString(1, ref);
      try (ResultSet rs = ps.executeQuery()) {
        rs.next();
        return rs.getLong(1);
      }
    }
  }

  private long orders() throws SQLException {
    try (Connection c = store.dataSource().getConnection();
        Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("SELECT count(*) FROM orders")) {
      rs.next();
      return rs.getLong(1);
    }
  }

  private HttpResponse<String> post(String key, String header) throws Exception {
    HttpRequest.Builder b =
        HttpRequest.newBuilder(base.resolve("/orders"))
            .POST(HttpRequest.BodyPublishers.ofString("ref-1"));
    if (key != null) {
      b.header("Idempotency-Key", key);
    }
    if (header != null) {
      b.header(header, "1");
    }
    return client.send(b.build(), HttpResponse.BodyHandlers.ofString());
  }

  @Test
  void aKeyedRequestCommitsItsWriteWithTheAnswerAndARetryReplaysIt() throws Exception {
    String key = UUID.randomUUID().toString();
    HttpResponse<String> first = post(key, null);
    assertThat(first.statusCode()).isEqualTo(201);
    HttpResponse<String> retry = post(key, null);
    assertThat(retry.statusCode()).isEqualTo(201);
    assertThat(retry.body()).isEqualTo(first.body());
    assertThat(retry.headers().firstValue("Idempotent-Replayed")).hasValue("true");
    assertThat(orders()).isEqualTo(1);
  }

  @Test
  void anExceptionAfterTheWriteRollsBackTheWriteAndFreesTheKey() throws Exception {
    String key = UUID.randomUUID().toString();
    assertThat(post(key, "X-Fail").statusCode()).isEqualTo(500);
    assertThat(orders()).isZero();
    HttpResponse<String> retry = post(key, null);
    assertThat(retry.statusCode()).isEqualTo(201);
    assertThat(retry.headers().firstValue("Idempotent-Replayed")).isEmpty();
    assertThat(orders()).isEqualTo(1);
  }

  @Test
  void aServerErrorAnswerIsSentButNeitherItNorTheWriteIsKept() throws Exception {
    String key = UUID.randomUUID().toString();
    assertThat(post(key, "X-5xx").statusCode()).isEqualTo(503);
    assertThat(orders()).isZero();
    assertThat(post(key, null).headers().firstValue("Idempotent-Replayed")).isEmpty();
    assertThat(orders()).isEqualTo(1);
  }

  @Test
  void aRequestWithoutAKeyGetsNoTransactionAndWritesOnItsOwn() throws Exception {
    assertThat(post(null, null).statusCode()).isEqualTo(201);
    assertThat(post(null, null).statusCode()).isEqualTo(201);
    assertThat(orders()).isEqualTo(2);
  }

  @Test
  void aStoreThatCannotJoinATransactionIsRefusedAtWrap() {
    JavalinIdempotency memory =
        JavalinIdempotency.builder(
                IdempotencyExecutor.builder(InMemoryIdempotencyStore.create()).build())
            .tenant(ctx -> "t")
            .build();
    assertThatThrownBy(() -> memory.wrapInTransaction((ctx, tx) -> {}))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("wrap(handler)");
  }
}
