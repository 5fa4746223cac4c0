package dev.keel.http.internal;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Optional;
import javax.net.ssl.SSLSession;

/**
 * A response handed to callers: a converted real response, a cached one or a fallback. Immutable if
 * the body is.
 */
public record KeelResponse<T>(
    int statusCode,
    HttpRequest request,
    HttpHeaders headers,
    T body,
    Optional<SSLSession> sslSession,
    URI uri,
    HttpClient.Version version)
    implements HttpResponse<T> {

  @Override
  public Optional<HttpResponse<T>> previousResponse() {
    return Optional.empty();
  }

  @Override
  public String toString() {
    return "(" + request.method() + " " + Redaction.safeUrl(uri) + ") " + statusCode;
  }
}
