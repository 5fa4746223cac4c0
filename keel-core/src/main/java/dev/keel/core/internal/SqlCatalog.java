package dev.keel.core.internal;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * Named SQL queries loaded from a classpath {@code .sql} file, one catalog per database. Each query
 * starts with a header line {@code -- name: QueryName}; everything up to the next header is the
 * statement (trailing semicolons and blank lines are trimmed).
 *
 * <p>Keeps SQL in SQL files instead of string concatenation. Immutable after loading; thread-safe.
 * Not API: for Keel's own stores.
 */
public final class SqlCatalog {

  private static final String HEADER = "-- name:";

  /** Query name to statement text; never contains blank statements. */
  private final Map<String, String> queries;

  private final String resource;

  private SqlCatalog(String resource, Map<String, String> queries) {
    this.resource = resource;
    this.queries = Map.copyOf(queries);
  }

  /**
   * Loads {@code resource} (e.g. {@code dev/keel/jobs/internal/postgres.sql}) via {@code owner}.
   */
  public static SqlCatalog load(Class<?> owner, String resource) {
    Objects.requireNonNull(owner, "owner");
    Objects.requireNonNull(resource, "resource");
    ClassLoader loader = owner.getClassLoader();
    try (InputStream in = loader.getResourceAsStream(resource)) {
      if (in == null) {
        throw new IllegalStateException("SQL catalog not found on the classpath: " + resource);
      }
      return parse(resource, new String(in.readAllBytes(), StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read SQL catalog " + resource, e);
    }
  }

  /** Parses catalog text; {@code resource} is used in error messages only. */
  public static SqlCatalog parse(String resource, String text) {
    Map<String, String> queries = new LinkedHashMap<>();
    String name = null;
    StringBuilder body = new StringBuilder();
    for (String line : text.split("\n", -1)) {
      String trimmed = line.strip();
      if (trimmed.startsWith(HEADER)) {
        put(resource, queries, name, body);
        name = trimmed.substring(HEADER.length()).strip();
        if (name.isEmpty()) {
          throw new IllegalStateException("empty query name in " + resource + ": " + line);
        }
        body.setLength(0);
      } else if (name != null) {
        body.append(line).append('\n');
      }
    }
    put(resource, queries, name, body);
    return new SqlCatalog(resource, queries);
  }

  private static void put(
      String resource, Map<String, String> queries, String name, StringBuilder body) {
    if (name == null) {
      return;
    }
    String sql = body.toString().strip();
    while (sql.endsWith(";")) {
      sql = sql.substring(0, sql.length() - 1).strip();
    }
    if (sql.isEmpty()) {
      throw new IllegalStateException("query " + name + " in " + resource + " has no statement");
    }
    if (queries.putIfAbsent(name, sql) != null) {
      throw new IllegalStateException("query " + name + " is defined twice in " + resource);
    }
  }

  /** The statement named {@code name}. */
  public String get(String name) {
    String sql = queries.get(name);
    if (sql == null) {
      throw new IllegalArgumentException("no query named " + name + " in " + resource);
    }
    return sql;
  }

  /** Every query name. */
  public java.util.Set<String> names() {
    return queries.keySet();
  }
}
