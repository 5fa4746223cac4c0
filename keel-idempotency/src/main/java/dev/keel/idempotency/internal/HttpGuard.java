package dev.keel.idempotency.internal;

import dev.keel.idempotency.HttpIdempotencySettings;
import dev.keel.idempotency.IdempotencyException;
import dev.keel.idempotency.IdempotencyExecutor;
import dev.keel.idempotency.IdempotencyScope;
import dev.keel.idempotency.IdempotentResponse;
import java.io.IOException;
import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The framework-neutral part of the HTTP adapters: decides whether a request is guarded, refused or
 * passed through, and builds the scope and fingerprint. Thread-safe.
 */
public final class HttpGuard {

  /** What to do with a request. */
  public sealed interface Plan {}

  /** Not guarded (method not listed, or no key where keys are optional): run as usual. */
  public record PassThrough() implements Plan {}

  /** Answer with this problem; nothing runs. */
  public record Refuse(Problems.Problem problem) implements Plan {}

  /** Run under the executor with these arguments. */
  public record Guard(IdempotencyScope scope, String key, String fingerprint, byte[] body)
      implements Plan {}

  /** Reads a request body, or returns null if it is longer than {@code limit} bytes. */
  @FunctionalInterface
  public interface BodyReader {
    /** The body, or null when over {@code limit}. */
    byte[] read(int limit) throws IOException;
  }

  private final IdempotencyExecutor executor;
  private final HttpIdempotencySettings settings;

  /** A guard with these settings. */
  public HttpGuard(IdempotencyExecutor executor, HttpIdempotencySettings settings) {
    this.executor = executor;
    this.settings = settings;
  }

  /** The settings. */
  public HttpIdempotencySettings settings() {
    return settings;
  }

  /**
   * Plans a request. Checks, in order: guarded method; key present (or optional); key shape; tenant
   * known; body within the limit.
   */
  public Plan plan(
      String method, String path, String contentType, String key, String tenant, BodyReader body)
      throws IOException {
    if (!settings.guards(method)) {
      return new PassThrough();
    }
    if (key == null && !settings.keyRequired()) {
      return new PassThrough();
    }
    try {
      executor.checkKey(key);
    } catch (IdempotencyException e) {
      return new Refuse(Problems.of(e));
    }
    if (tenant == null || tenant.isEmpty()) {
      return new Refuse(
          Problems.of(
              401,
              URI.create(IdempotencyException.PROBLEM_BASE + "idempotency-tenant-unknown"),
              "Tenant unknown",
              "idempotency keys are scoped per tenant and this request carries none;"
                  + " authenticate first",
              null));
    }
    byte[] bytes = body.read(settings.maxRequestBytes());
    if (bytes == null) {
      return new Refuse(
          Problems.of(
              413,
              URI.create(IdempotencyException.PROBLEM_BASE + "request-too-large"),
              "Request body too large",
              "idempotent requests may carry at most " + settings.maxRequestBytes() + " bytes",
              null));
    }
    IdempotencyScope scope = IdempotencyScope.of(tenant, method + " " + path);
    String fingerprint = settings.fingerprinter().fingerprint(method, path, contentType, bytes);
    return new Guard(scope, key, fingerprint, bytes);
  }

  /** The stored form of a response: status, the configured headers, body. */
  public IdempotentResponse capture(
      int status,
      java.util.function.Function<String, java.util.Collection<String>> headers,
      byte[] body) {
    Map<String, List<String>> kept = new TreeMap<>();
    for (String name : settings.storedHeaders()) {
      java.util.Collection<String> values = headers.apply(name);
      if (values != null && !values.isEmpty()) {
        kept.put(name, List.copyOf(values));
      }
    }
    return new IdempotentResponse(status, kept, body);
  }
}
