package dev.keel.idempotency.internal;

import java.io.IOException;
import java.sql.Connection;
import java.util.Collection;
import java.util.function.Function;

/**
 * One request and its response as an HTTP adapter ({@code IdempotencyFilter}, {@code
 * JavalinIdempotency}) shows them to {@link IdempotentHttpFlow}: what the flow reads from the
 * request, how it runs the downstream handler, and the few ways it writes a response. One instance
 * per request; not thread-safe.
 */
public interface HttpExchange {

  /**
   * What the downstream handler answered, buffered so that it can be stored.
   *
   * @param status the status it set
   * @param headers its response headers by lower-case name (see {@link
   *     IdempotentHttpFlow#headersOf})
   * @param body the body it wrote
   */
  record Answer(int status, Function<String, Collection<String>> headers, byte[] body) {}

  /** The request method, e.g. {@code POST}. */
  String method();

  /** The request path, {@code /} when empty. */
  String path();

  /** The request's content type, or null. */
  String contentType();

  /** A request header's value, or null. */
  String header(String name);

  /** Who the request belongs to, or null; asked only for guarded methods. */
  String tenant();

  /** The request body, or null when it is longer than {@code limit} bytes. */
  byte[] body(int limit) throws IOException;

  /** Runs the downstream handler on the request as it came (the request is not guarded). */
  void proceed() throws Exception;

  /** Runs the downstream handler once, on {@code body}, buffering what it answers. */
  Answer proceedBuffered(byte[] body) throws Exception;

  /**
   * Like {@link #proceedBuffered} but inside the idempotency transaction {@code tx}, for adapters
   * whose handlers write to the store's own database.
   *
   * @throws UnsupportedOperationException when the adapter has no transactional handlers
   */
  default Answer proceedBuffered(byte[] body, Connection tx) throws Exception {
    throw new UnsupportedOperationException("this adapter runs handlers outside transactions");
  }

  /** Sends the buffered answer of {@link #proceedBuffered} on (the live response). */
  void commit() throws IOException;

  /** Drops what the handler set on the response, before a replay or an error answer. */
  void reset();

  /** Sets the response status. */
  void status(int status);

  /** Sets the response content type. */
  void responseContentType(String contentType);

  /** Adds a response header value. */
  void addHeader(String name, String value);

  /** Sets a response header, replacing its values. */
  void setHeader(String name, String value);

  /** Writes the response body (its length too). */
  void write(byte[] body) throws IOException;
}
