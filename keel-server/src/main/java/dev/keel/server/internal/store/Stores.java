package dev.keel.server.internal.store;

import dev.keel.idempotency.IdempotencyStore;
import dev.keel.idempotency.PostgresIdempotencyStore;
import dev.keel.idempotency.RedisIdempotencyStore;
import dev.keel.idempotency.SqliteIdempotencyStore;
import dev.keel.jobs.JobStore;
import dev.keel.jobs.JobStores;
import dev.keel.jobs.PostgresStoreConfig;
import dev.keel.jobs.SqliteStoreConfig;
import dev.keel.server.ServerConfig;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.sql.DataSource;

/**
 * Opens keel-jobs' and keel-idempotency's stores for {@code KEEL_DATABASE_URL} and {@code
 * KEEL_REDIS_URL}. On PostgreSQL the schema is the URL's {@code currentSchema} parameter, else
 * {@code keel}.
 */
public final class Stores {

  private static final Pattern CURRENT_SCHEMA = Pattern.compile("[?&]currentSchema=([^&]+)");

  private Stores() {}

  /** The job store; the caller closes it. */
  public static JobStore jobStore(ServerConfig config) {
    if (config.embedded()) {
      Path file =
          Database.sqliteFile(config.databaseUrl())
              .orElseThrow(
                  () ->
                      new IllegalArgumentException(
                          "KEEL_DATABASE_URL must name a SQLite file (an in-memory database"
                              + " would lose every job), got "
                              + config.databaseUrl()));
      return JobStores.sqlite(SqliteStoreConfig.of(file));
    }
    return JobStores.postgres(PostgresStoreConfig.of(config.databaseUrl(), schema(config)));
  }

  /** The idempotency store: Redis when configured, else the database. */
  public static IdempotencyStore idempotencyStore(ServerConfig config, DataSource dataSource) {
    if (config.redisUrl().isPresent()) {
      return new LazyIdempotencyStore(
          "redis",
          () ->
              RedisIdempotencyStore.builder(config.redisUrl().get().toString())
                  .keyPrefix(config.redisKeyPrefix())
                  .retention(config.idempotencyTtl())
                  .build());
    }
    if (config.embedded()) {
      return SqliteIdempotencyStore.builder(dataSource).retention(config.idempotencyTtl()).build();
    }
    return PostgresIdempotencyStore.builder(dataSource)
        .schema(schema(config))
        .retention(config.idempotencyTtl())
        .build();
  }

  /** The PostgreSQL schema Keel's tables live in. */
  public static String schema(ServerConfig config) {
    Matcher m = CURRENT_SCHEMA.matcher(config.databaseUrl());
    return m.find() ? m.group(1) : "keel";
  }
}
