package dev.keel.http.internal;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;
import java.util.function.Function;
import java.util.regex.Pattern;

/** Dependency names, their environment variables and base URLs. Stateless. */
public final class BaseUrls {

  /** Names are what people type in configuration: letters, digits, '.', '_', '-'; 1–64 chars. */
  private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,63}");

  private BaseUrls() {}

  /**
   * Checks a dependency name.
   *
   * @throws IllegalArgumentException naming the bad value
   */
  public static String checkName(String name) {
    if (name == null || !NAME.matcher(name).matches()) {
      throw new IllegalArgumentException(
          "dependency name must be 1-64 letters, digits, '.', '_' or '-' starting with a letter or"
              + " digit (e.g. payment-service), was "
              + (name == null ? "null" : "'" + name + "'"));
    }
    return name;
  }

  /**
   * The environment variable holding a dependency's base URL: payment-service →
   * PAYMENT_SERVICE_URL.
   */
  public static String envVariable(String name) {
    StringBuilder out = new StringBuilder(name.length() + 4);
    for (int i = 0; i < name.length(); i++) {
      char c = name.charAt(i);
      out.append(Character.isLetterOrDigit(c) ? Character.toUpperCase(c) : '_');
    }
    return out.append("_URL").toString().toUpperCase(Locale.ROOT);
  }

  /**
   * The base URL of a dependency: the explicit one when given, else the environment variable.
   *
   * @param name the dependency's name
   * @param explicit the URL set on the builder, or null
   * @param env reads an environment variable (null when unset)
   * @throws IllegalStateException when neither is set, naming the variable to set
   * @throws IllegalArgumentException when the URL is not an absolute http(s) URL
   */
  public static URI resolve(String name, URI explicit, Function<String, String> env) {
    String variable = envVariable(name);
    if (explicit != null) {
      return check(explicit, "baseUrl");
    }
    String value = env.apply(variable);
    if (value == null || value.isBlank()) {
      throw new IllegalStateException(
          "dependency '"
              + name
              + "' has no base URL: set the environment variable "
              + variable
              + " (e.g. "
              + variable
              + "=http://localhost:8081) or call baseUrl(...) on its builder");
    }
    URI uri;
    try {
      uri = new URI(value.strip());
    } catch (URISyntaxException e) {
      throw new IllegalArgumentException(
          variable
              + " must be an absolute http(s) URL such as http://localhost:8081, was '"
              + Redaction.redact(value)
              + "': "
              + e.getReason(),
          e);
    }
    return check(uri, variable);
  }

  /** Checks that a base URL is absolute http(s) with a host, without query or fragment. */
  static URI check(URI uri, String source) {
    String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
    if (!(scheme.equals("http") || scheme.equals("https")) || uri.getHost() == null) {
      throw new IllegalArgumentException(
          source
              + " must be an absolute http(s) URL with a host such as http://localhost:8081, was '"
              + Redaction.redact(uri.toString())
              + "'");
    }
    if (uri.getRawQuery() != null || uri.getRawFragment() != null) {
      throw new IllegalArgumentException(
          source
              + " must not have a query or fragment (put them on each request), was '"
              + Redaction.redact(uri.toString())
              + "'");
    }
    String text = uri.toString();
    // A trailing slash would double up with the request path's leading slash.
    return text.endsWith("/") ? URI.create(text.substring(0, text.length() - 1)) : uri;
  }

  /**
   * Joins a base URL and a path that may carry a query: {@code http://h/api} + {@code /x?y=1} →
   * {@code http://h/api/x?y=1}. Unlike {@link URI#resolve}, the base's path is kept.
   *
   * @throws IllegalArgumentException when the path is not a valid URI path
   */
  public static URI join(URI base, String pathAndQuery) {
    if (pathAndQuery == null) {
      throw new IllegalArgumentException(
          "path must not be null; use \"/\" for the base URL itself");
    }
    if (pathAndQuery.contains("://")) {
      throw new IllegalArgumentException(
          "path must be relative to the dependency's base URL (e.g. /charges/42), was an absolute"
              + " URL; build an HttpRequest with HttpRequest.newBuilder(uri) for other hosts");
    }
    String path =
        pathAndQuery.isEmpty() || pathAndQuery.startsWith("/") ? pathAndQuery : "/" + pathAndQuery;
    try {
      return new URI(base.toString() + path);
    } catch (URISyntaxException e) {
      throw new IllegalArgumentException(
          "path is not a valid URI path (percent-encode spaces and reserved characters), was '"
              + Redaction.stripQuery(path)
              + "': "
              + e.getReason(),
          e);
    }
  }
}
