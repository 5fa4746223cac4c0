package dev.keel.idempotency;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;

/**
 * What the HTTP adapters ({@link IdempotencyFilter}, {@link JavalinIdempotency}) read and replay.
 * Immutable and thread-safe; build with {@link #builder()}.
 *
 * @param headerName the request header carrying the key [{@code Idempotency-Key}]
 * @param methods the methods the adapter guards, upper-case [{@code POST}, {@code PATCH}]; others
 *     pass through untouched
 * @param keyRequired whether a guarded request without a key is refused with 400 [true]; if false
 *     it passes through unprotected
 * @param storedHeaders response headers stored and replayed, lower-case [{@code content-type},
 *     {@code location}]
 * @param fingerprinter how a request is fingerprinted [{@link RequestFingerprinter#standard()}]
 * @param maxRequestBytes the largest request body read for fingerprinting [1 MiB]; larger → 413
 */
public record HttpIdempotencySettings(
    String headerName,
    Set<String> methods,
    boolean keyRequired,
    Set<String> storedHeaders,
    RequestFingerprinter fingerprinter,
    int maxRequestBytes) {

  /** The header that marks a replayed response. */
  public static final String REPLAYED_HEADER = "Idempotent-Replayed";

  /** The defaults listed on each component. */
  public static final HttpIdempotencySettings DEFAULTS = builder().build();

  /**
   * Validates and copies.
   *
   * @throws IllegalArgumentException naming the bad component
   */
  public HttpIdempotencySettings {
    Objects.requireNonNull(headerName, "headerName");
    Objects.requireNonNull(fingerprinter, "fingerprinter");
    if (headerName.isBlank()) {
      throw new IllegalArgumentException("headerName must not be blank");
    }
    if (methods == null || methods.isEmpty()) {
      throw new IllegalArgumentException(
          "methods must name at least one HTTP method, was " + methods);
    }
    if (maxRequestBytes < 0) {
      throw new IllegalArgumentException(
          "maxRequestBytes must not be negative, was " + maxRequestBytes);
    }
    methods = upper(methods);
    storedHeaders = lower(Objects.requireNonNull(storedHeaders, "storedHeaders"));
  }

  /** A builder with the defaults. */
  public static Builder builder() {
    return new Builder();
  }

  /** True if requests with {@code method} are guarded. */
  public boolean guards(String method) {
    return methods.contains(method.toUpperCase(Locale.ROOT));
  }

  private static Set<String> upper(Set<String> in) {
    Set<String> out = new LinkedHashSet<>();
    in.forEach(m -> out.add(m.toUpperCase(Locale.ROOT)));
    return Set.copyOf(out);
  }

  private static Set<String> lower(Set<String> in) {
    Set<String> out = new LinkedHashSet<>();
    in.forEach(m -> out.add(m.toLowerCase(Locale.ROOT)));
    return Set.copyOf(out);
  }

  /** Builds {@link HttpIdempotencySettings}. Not thread-safe. */
  public static final class Builder {
    private String headerName = "Idempotency-Key";
    private Set<String> methods = Set.of("POST", "PATCH");
    private boolean keyRequired = true;
    private Set<String> storedHeaders = Set.of("content-type", "location");
    private RequestFingerprinter fingerprinter = RequestFingerprinter.standard();
    private int maxRequestBytes = 1024 * 1024;

    private Builder() {}

    /** See {@link HttpIdempotencySettings#headerName()}. */
    public Builder headerName(String headerName) {
      this.headerName = headerName;
      return this;
    }

    /** See {@link HttpIdempotencySettings#methods()}. */
    public Builder methods(String... methods) {
      this.methods = Set.copyOf(List.of(methods));
      return this;
    }

    /** See {@link HttpIdempotencySettings#keyRequired()}. */
    public Builder keyRequired(boolean keyRequired) {
      this.keyRequired = keyRequired;
      return this;
    }

    /** See {@link HttpIdempotencySettings#storedHeaders()}; replaces the defaults. */
    public Builder storedHeaders(String... headers) {
      this.storedHeaders = Set.copyOf(List.of(headers));
      return this;
    }

    /** See {@link HttpIdempotencySettings#fingerprinter()}. */
    public Builder fingerprinter(RequestFingerprinter fingerprinter) {
      this.fingerprinter = fingerprinter;
      return this;
    }

    /** See {@link HttpIdempotencySettings#maxRequestBytes()}. */
    public Builder maxRequestBytes(int maxRequestBytes) {
      this.maxRequestBytes = maxRequestBytes;
      return this;
    }

    /**
     * Validates and builds.
     *
     * @throws IllegalArgumentException naming the bad setting
     */
    public HttpIdempotencySettings build() {
      return new HttpIdempotencySettings(
          headerName, methods, keyRequired, storedHeaders, fingerprinter, maxRequestBytes);
    }
  }
}
