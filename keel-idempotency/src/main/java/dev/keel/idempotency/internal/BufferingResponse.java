package dev.keel.idempotency.internal;

import jakarta.servlet.ServletOutputStream;
import jakarta.servlet.WriteListener;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpServletResponseWrapper;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.nio.charset.Charset;

/**
 * A response whose body is held in memory until the outcome is known (it may be stored), while
 * status and headers go straight to the wrapped response. Nothing is committed until {@link
 * #writeBodyTo}: {@code flushBuffer}, {@code sendError} and {@code sendRedirect} are recorded, not
 * sent.
 */
public final class BufferingResponse extends HttpServletResponseWrapper {

  private final ByteArrayOutputStream buffer = new ByteArrayOutputStream();
  private ServletOutputStream stream;
  private PrintWriter writer;

  /** Wraps {@code response}. */
  public BufferingResponse(HttpServletResponse response) {
    super(response);
  }

  /** The body written so far. */
  public byte[] body() {
    if (writer != null) {
      writer.flush();
    }
    return buffer.toByteArray();
  }

  /** Writes the buffered body to the wrapped response. */
  public void writeBodyTo(HttpServletResponse response) throws IOException {
    byte[] body = body();
    response.setContentLength(body.length);
    response.getOutputStream().write(body);
  }

  @Override
  public ServletOutputStream getOutputStream() {
    if (writer != null) {
      throw new IllegalStateException("getWriter() was already called");
    }
    if (stream == null) {
      stream =
          new ServletOutputStream() {
            @Override
            public boolean isReady() {
              return true;
            }

            @Override
            public void setWriteListener(WriteListener listener) {
              throw new IllegalStateException("async writes are not supported under idempotency");
            }

            @Override
            public void write(int b) {
              buffer.write(b);
            }

            @Override
            public void write(byte[] b, int off, int len) {
              buffer.write(b, off, len);
            }
          };
    }
    return stream;
  }

  @Override
  public PrintWriter getWriter() {
    if (stream != null) {
      throw new IllegalStateException("getOutputStream() was already called");
    }
    if (writer == null) {
      writer =
          new PrintWriter(
              new OutputStreamWriter(buffer, Charset.forName(getCharacterEncoding())), false);
    }
    return writer;
  }

  @Override
  public void flushBuffer() {
    if (writer != null) {
      writer.flush();
    }
  }

  @Override
  public void resetBuffer() {
    if (writer != null) {
      writer.flush();
    }
    buffer.reset();
  }

  @Override
  public void reset() {
    super.reset();
    resetBuffer();
  }

  @Override
  public void setContentLength(int len) {
    // The length is set when the buffered body is written.
  }

  @Override
  public void setContentLengthLong(long len) {
    // The length is set when the buffered body is written.
  }

  @Override
  public void sendError(int sc) {
    setStatus(sc);
  }

  @Override
  public void sendError(int sc, String msg) {
    setStatus(sc);
  }

  @Override
  public void sendRedirect(String location) {
    setStatus(302);
    setHeader("Location", location);
  }

  @Override
  public boolean isCommitted() {
    return false;
  }
}
