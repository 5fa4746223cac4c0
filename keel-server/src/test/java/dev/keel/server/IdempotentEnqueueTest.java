package dev.keel.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Keyed enqueues when the keys live in the jobs' own database (no Redis): the key's claim, the job
 * and the stored answer commit in one transaction. On SQLite the key store and the job store share
 * the file's writer lock, so concurrent keyed enqueues never meet at SQLite's file lock.
 */
class IdempotentEnqueueTest {

  @TempDir Path dir;

  /** A server on {@code store} ("sqlite" or "postgresql"); {@code pg} is null for SQLite. */
  private KeelServer start(String store, Pg pg) {
    ServerConfig.Builder b = TestServer.config(dir);
    if (store.equals("postgresql")) {
      b.databaseUrl(pg.url());
    }
    return KeelServer.start(b.build());
  }

  private Connection sql(String store, Pg pg) throws Exception {
    return store.equals("postgresql")
        ? DriverManager.getConnection(pg.url())
        : DriverManager.getConnection("jdbc:sqlite:" + dir.resolve("keel.db"));
  }

  private static Http.Res enqueue(Http http, String queue, String key, String owner) {
    String body = "{\"type\":\"t\",\"ownerId\":\"" + owner + "\",\"payload\":{\"o\":\"x\"}}";
    return http.send(
        http.request("POST", "/v1/queues/" + queue + "/jobs", body)
            .header("Idempotency-Key", key)
            .build());
  }

  private static long count(KeelServer server, String queue) {
    return server.jobs().queues().stream()
        .filter(q -> q.config().name().equals(queue))
        .flatMap(q -> q.stats().counts().values().stream())
        .mapToLong(Long::longValue)
        .sum();
  }

  @ParameterizedTest
  @ValueSource(strings = {"sqlite", "postgresql"})
  void concurrentKeyedEnqueuesAllSucceedAndEachKeyReplaysItsOwnJob(String store) throws Exception {
    int threads = 16;
    int perThread = 25;
    try (Pg pg = new Pg();
        KeelServer server = start(store, pg)) {
      Http http = new Http(server.port(), TestServer.TOKEN);
      String run = UUID.randomUUID().toString();
      ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor();
      List<Future<List<String>>> futures = new ArrayList<>();
      ConcurrentHashMap<String, Long> jobOfKey = new ConcurrentHashMap<>();
      for (int t = 0; t < threads; t++) {
        int thread = t;
        futures.add(
            pool.submit(
                () -> {
                  List<String> failures = new ArrayList<>();
                  for (int i = 0; i < perThread; i++) {
                    String key = run + "-" + thread + "-" + i;
                    Http.Res r = enqueue(http, "conc", key, "o-" + key);
                    if (r.status() != 201) {
                      failures.add(r.status() + " " + r.body());
                    } else {
                      jobOfKey.put(key, r.json().path("job").path("id").asLong());
                    }
                  }
                  return failures;
                }));
      }
      List<String> failures = new ArrayList<>();
      for (Future<List<String>> f : futures) {
        failures.addAll(f.get(120, TimeUnit.SECONDS));
      }
      pool.shutdown();
      assertThat(failures).as("no SQLITE_BUSY, no 5xx").isEmpty();
      assertThat(jobOfKey).hasSize(threads * perThread);
      assertThat(new HashSet<>(jobOfKey.values())).hasSize(threads * perThread);
      assertThat(count(server, "conc")).isEqualTo(threads * perThread);

      for (var e : jobOfKey.entrySet()) {
        Http.Res replay = enqueue(http, "conc", e.getKey(), "o-" + e.getKey());
        assertThat(replay.status()).isEqualTo(201);
        assertThat(replay.header("Idempotent-Replayed")).isEqualTo("true");
        JsonNode job = replay.json().path("job");
        assertThat(job.path("id").asLong()).isEqualTo(e.getValue());
        assertThat(job.path("state").asText()).isEqualTo("available");
      }
      assertThat(count(server, "conc")).isEqualTo(threads * perThread);
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"sqlite", "postgresql"})
  void oneKeySentConcurrentlyEnqueuesOnceAndEveryAnswerNamesThatJob(String store) throws Exception {
    try (Pg pg = new Pg();
        KeelServer server = start(store, pg)) {
      Http http = new Http(server.port(), TestServer.TOKEN);
      String key = UUID.randomUUID().toString();
      String body = "{\"type\":\"t\",\"ownerId\":\"same\",\"payload\":1}";
      List<CompletableFuture<Http.Res>> all = new ArrayList<>();
      for (int i = 0; i < 12; i++) {
        all.add(
            http.sendAsync(
                http.request("POST", "/v1/queues/same/jobs", body)
                    .header("Idempotency-Key", key)
                    .build()));
      }
      Set<Long> ids = new HashSet<>();
      for (CompletableFuture<Http.Res> f : all) {
        Http.Res r = f.get(60, TimeUnit.SECONDS);
        // a request that saw the key in flight may be refused with 409; nothing else is allowed
        assertThat(r.status()).as(r.body()).isIn(201, 409);
        if (r.status() == 201) {
          ids.add(r.json().path("job").path("id").asLong());
        }
      }
      assertThat(ids).hasSize(1);
      assertThat(count(server, "same")).isEqualTo(1);
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"sqlite", "postgresql"})
  void aFailureBetweenEnqueueAndKeyCompletionLeavesNeitherJobNorKey(String store) throws Exception {
    try (Pg pg = new Pg();
        KeelServer server = start(store, pg)) {
      Http http = new Http(server.port(), TestServer.TOKEN);
      // Given: storing the outcome of key "boom-1" fails, after its job was enqueued
      try (Connection c = sql(store, pg);
          Statement s = c.createStatement()) {
        if (store.equals("postgresql")) {
          s.execute(
              "CREATE FUNCTION fail_completion() RETURNS trigger LANGUAGE plpgsql AS"
                  + " $$ BEGIN RAISE EXCEPTION 'injected failure'; END $$");
          s.execute(
              "CREATE TRIGGER fail_completion BEFORE UPDATE ON keel_idempotency_keys FOR EACH ROW"
                  + " WHEN (NEW.idem_key = 'boom-1' AND NEW.state = 'completed')"
                  + " EXECUTE FUNCTION fail_completion()");
        } else {
          s.execute(
              "CREATE TRIGGER fail_completion BEFORE UPDATE ON keel_idempotency_keys"
                  + " WHEN NEW.idem_key = 'boom-1' AND NEW.state = 'completed'"
                  + " BEGIN SELECT RAISE(ABORT, 'injected failure'); END");
        }
      }
      // When: the request runs
      Http.Res failed = enqueue(http, "boom", "boom-1", "owner-boom");
      // Then: a 5xx (retryable), no job, and the key is free again
      assertThat(failed.status()).as(failed.body()).isGreaterThanOrEqualTo(500);
      assertThat(count(server, "boom")).isZero();
      try (Connection c = sql(store, pg);
          Statement s = c.createStatement()) {
        s.execute(
            "DROP TRIGGER fail_completion"
                + (store.equals("postgresql") ? " ON keel_idempotency_keys" : ""));
        var rs =
            s.executeQuery("SELECT count(*) FROM keel_idempotency_keys WHERE idem_key = 'boom-1'");
        rs.next();
        assertThat(rs.getLong(1)).isZero();
      }
      // and a retry enqueues the job for the first time (not a dedup duplicate), once
      Http.Res retry = enqueue(http, "boom", "boom-1", "owner-boom");
      assertThat(retry.status()).as(retry.body()).isEqualTo(201);
      assertThat(retry.json().path("duplicate").asBoolean()).isFalse();
      assertThat(retry.header("Idempotent-Replayed")).isNull();
      assertThat(enqueue(http, "boom", "boom-1", "owner-boom").header("Idempotent-Replayed"))
          .isEqualTo("true");
      assertThat(count(server, "boom")).isEqualTo(1);
    }
  }
}
