package dev.keel.server.internal.health;

import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;

/**
 * Redis, which holds idempotency keys when configured: critical, because idempotent requests fail
 * closed without it. Sends {@code PING} (after {@code AUTH} when the URL carries a password) over a
 * short-lived socket with a 2 s timeout.
 */
public final class RedisCheck implements DependencyCheck {

  private final URI url;

  /** Checks the Redis at {@code url}. */
  public RedisCheck(URI url) {
    this.url = url;
  }

  @Override
  public String name() {
    return "redis";
  }

  @Override
  public boolean critical() {
    return true;
  }

  @Override
  public Health check() {
    long start = System.nanoTime();
    int port = url.getPort() < 0 ? 6379 : url.getPort();
    try (Socket s = new Socket()) {
      s.connect(new InetSocketAddress(url.getHost(), port), 2000);
      s.setSoTimeout(2000);
      OutputStream out = s.getOutputStream();
      InputStream in = s.getInputStream();
      String userInfo = url.getUserInfo();
      if (userInfo != null && !userInfo.isEmpty()) {
        int colon = userInfo.indexOf(':');
        String password = colon >= 0 ? userInfo.substring(colon + 1) : userInfo;
        String user = colon > 0 ? userInfo.substring(0, colon) : null;
        out.write(user == null ? command("AUTH", password) : command("AUTH", user, password));
        if (!line(in).startsWith("+OK")) {
          return Health.down("redis: authentication failed");
        }
      }
      out.write(command("PING"));
      String reply = line(in);
      if (reply.startsWith("+PONG")) {
        return Health.up("redis, " + (System.nanoTime() - start) / 1_000_000 + " ms");
      }
      return Health.down("redis: unexpected reply");
    } catch (Exception e) {
      return Health.down("redis: " + e.getClass().getSimpleName());
    }
  }

  private static byte[] command(String... parts) {
    StringBuilder b = new StringBuilder("*").append(parts.length).append("\r\n");
    for (String p : parts) {
      byte[] bytes = p.getBytes(StandardCharsets.UTF_8);
      b.append('$').append(bytes.length).append("\r\n").append(p).append("\r\n");
    }
    return b.toString().getBytes(StandardCharsets.UTF_8);
  }

  private static String line(InputStream in) throws java.io.IOException {
    StringBuilder b = new StringBuilder();
    int c;
    while ((c = in.read()) >= 0 && c != '\n' && b.length() < 512) {
      if (c != '\r') {
        b.append((char) c);
      }
    }
    return b.toString();
  }
}
