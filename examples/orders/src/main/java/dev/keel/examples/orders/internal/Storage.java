package dev.keel.examples.orders.internal;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.keel.examples.orders.IdempotencyStoreKind;
import dev.keel.examples.orders.OrdersConfig;
import dev.keel.idempotency.IdempotencyPruner;
import dev.keel.idempotency.IdempotencyStore;
import dev.keel.idempotency.InMemoryIdempotencyStore;
import dev.keel.idempotency.PostgresIdempotencyStore;
import dev.keel.idempotency.RedisIdempotencyStore;
import dev.keel.idempotency.SqliteIdempotencyStore;
import dev.keel.jobs.JobStore;
import dev.keel.jobs.JobStores;
import dev.keel.jobs.PostgresStoreConfig;
import dev.keel.jobs.SqliteStoreConfig;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Opens the job store and the idempotency store the configuration asks for, and closes them (and
 * whatever they needed, such as a connection pool) in reverse order.
 *
 * <ul>
 *   <li>Jobs: {@code jdbc:sqlite:FILE} → embedded SQLite (one process: {@code keel server} cannot
 *       share it); {@code jdbc:postgresql://…} → PostgreSQL, schema from {@code currentSchema} or
 *       {@code keel}, the same rule {@code keel server} applies, so its dashboard shows these jobs.
 *   <li>Idempotency keys: memory, Redis, or the same database (PostgreSQL in the same schema; on
 *       SQLite a second file beside the job store's, {@code <name>-idempotency.db}).
 * </ul>
 */
public final class Storage implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(Storage.class);
  private static final Pattern CURRENT_SCHEMA = Pattern.compile("[?&]currentSchema=([^&]+)");

  private final JobStore jobStore;
  private final IdempotencyStore idempotencyStore;
  private final List<AutoCloseable> resources;

  private Storage(JobStore jobs, IdempotencyStore keys, List<AutoCloseable> resources) {
    this.jobStore = jobs;
    this.idempotencyStore = keys;
    this.resources = resources;
  }

  /**
   * Opens both stores.
   *
   * @throws RuntimeException from the stores when a database cannot be reached or migrated; what
   *     was opened already is closed
   */
  public static Storage open(OrdersConfig config) {
    List<AutoCloseable> opened = new ArrayList<>();
    try {
      JobStore jobs = openJobStore(config);
      opened.add(jobs);
      IdempotencyStore keys = openIdempotencyStore(config, opened);
      opened.add(keys);
      if (config.idempotencyStore() == IdempotencyStoreKind.DATABASE) {
        opened.add(
            IdempotencyPruner.start(keys, Duration.ofMinutes(5))); // SQL keys expire by pruning
      }
      LOG.info("job store {}, idempotency store {}", config.databaseUrlForLogs(), keys.name());
      return new Storage(jobs, keys, opened);
    } catch (RuntimeException e) {
      closeAll(opened, e);
      throw e;
    }
  }

  /** The job store. */
  public JobStore jobStore() {
    return jobStore;
  }

  /** The idempotency store. */
  public IdempotencyStore idempotencyStore() {
    return idempotencyStore;
  }

  /** The PostgreSQL schema of {@code jdbcUrl}: its {@code currentSchema} parameter, else keel. */
  public static String schema(String jdbcUrl) {
    Matcher m = CURRENT_SCHEMA.matcher(jdbcUrl);
    return m.find() ? m.group(1) : "keel";
  }

  /** The file of a {@code jdbc:sqlite:} URL. */
  public static Path sqliteFile(String jdbcUrl) {
    String rest = jdbcUrl.substring("jdbc:sqlite:".length());
    int q = rest.indexOf('?');
    if (q >= 0) {
      rest = rest.substring(0, q);
    }
    if (rest.startsWith("file:")) {
      rest = rest.substring("file:".length());
    }
    if (rest.isEmpty() || rest.contains(":memory:")) {
      throw new IllegalArgumentException(
          "KEEL_DATABASE_URL must name a SQLite file (an in-memory database would lose every"
              + " job), was jdbc:sqlite:"
              + rest);
    }
    return Path.of(rest);
  }

  private static JobStore openJobStore(OrdersConfig config) {
    String url = config.databaseUrl();
    if (url.startsWith("jdbc:sqlite:")) {
      return JobStores.sqlite(SqliteStoreConfig.of(sqliteFile(url)));
    }
    return JobStores.postgres(PostgresStoreConfig.of(url, schema(url)).withMaxPoolSize(4));
  }

  private static IdempotencyStore openIdempotencyStore(
      OrdersConfig config, List<AutoCloseable> opened) {
    return switch (config.idempotencyStore()) {
      case MEMORY ->
          InMemoryIdempotencyStore.create(
              dev.keel.core.KeelClock.system(), config.idempotencyTtl());
      case REDIS ->
          RedisIdempotencyStore.builder(config.redisUrl().orElseThrow().toString())
              .keyPrefix(config.redisKeyPrefix())
              .retention(config.idempotencyTtl())
              .build();
      case DATABASE -> {
        IdempotencyStore store;
        String url = config.databaseUrl();
        if (url.startsWith("jdbc:sqlite:")) {
          Path jobs = sqliteFile(url).toAbsolutePath();
          String name = jobs.getFileName().toString().replaceFirst("\\.db$", "");
          store =
              SqliteIdempotencyStore.builder(jobs.resolveSibling(name + "-idempotency.db"))
                  .retention(config.idempotencyTtl())
                  .build();
        } else {
          HikariConfig hc = new HikariConfig();
          hc.setJdbcUrl(url);
          hc.setPoolName("orders-idempotency");
          hc.setMaximumPoolSize(4);
          HikariDataSource ds = new HikariDataSource(hc);
          opened.add(ds);
          store =
              PostgresIdempotencyStore.builder(ds)
                  .schema(schema(url))
                  .retention(config.idempotencyTtl())
                  .build();
        }
        yield store;
      }
    };
  }

  @Override
  public void close() {
    closeAll(resources, null);
  }

  private static void closeAll(List<AutoCloseable> resources, RuntimeException primary) {
    for (int i = resources.size() - 1; i >= 0; i--) {
      try {
        resources.get(i).close();
      } catch (Exception e) {
        if (primary != null) {
          primary.addSuppressed(e);
        } else {
          LOG.warn("closing {} failed", resources.get(i).getClass().getSimpleName(), e);
        }
      }
    }
  }
}
