package dev.keel.jobs.internal;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Properties;
import org.postgresql.PGConnection;
import org.postgresql.PGNotification;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Holds one dedicated connection that {@code LISTEN}s on {@code keel_jobs} and forwards
 * notifications of this store's schema to the {@link WakeupHub}. Reconnects with backoff when the
 * connection drops; after a reconnect it publishes a wake-up for every queue, because notifications
 * sent meanwhile are lost (workers also poll, so nothing waits forever).
 *
 * <p>Runs on one virtual thread; {@link #close()} stops it.
 */
final class PgListener implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(PgListener.class);

  private final String url;
  private final Properties props;
  private final String listenSql;
  private final String prefix;
  private final WakeupHub hub;
  private final Thread thread;
  private volatile boolean closed;

  /** Connection in use; null while disconnected. Closed by {@link #close()} to unblock a wait. */
  private volatile Connection connection;

  PgListener(String url, Properties props, String listenSql, String schema, WakeupHub hub) {
    this.url = url;
    this.props = props;
    this.listenSql = listenSql;
    this.prefix = schema + "|";
    this.hub = hub;
    this.thread = Thread.ofVirtual().name("keel-jobs-listen-" + schema).unstarted(this::loop);
  }

  void start() {
    thread.start();
  }

  private void loop() {
    long backoffMs = 100;
    boolean everConnected = false;
    while (!closed) {
      try (Connection c = DriverManager.getConnection(url, props)) {
        connection = c;
        try (Statement st = c.createStatement()) {
          st.execute(listenSql);
        }
        if (everConnected) {
          LOG.info("LISTEN connection re-established");
        }
        everConnected = true;
        hub.publish(null);
        backoffMs = 100;
        PGConnection pg = c.unwrap(PGConnection.class);
        while (!closed) {
          PGNotification[] batch = pg.getNotifications(1000);
          if (batch == null) {
            continue;
          }
          for (PGNotification n : batch) {
            String payload = n.getParameter();
            if (payload != null && payload.startsWith(prefix)) {
              hub.publish(payload.substring(prefix.length()));
            }
          }
        }
      } catch (SQLException e) {
        if (closed) {
          return;
        }
        LOG.warn("LISTEN connection lost ({}); retrying in {} ms", e.getMessage(), backoffMs);
        connection = null;
        try {
          Thread.sleep(backoffMs);
        } catch (InterruptedException ie) {
          Thread.currentThread().interrupt();
          return;
        }
        backoffMs = Math.min(5000, backoffMs * 2);
      }
    }
  }

  @Override
  public void close() {
    closed = true;
    thread.interrupt();
    Connection c = connection;
    if (c != null) {
      try {
        c.close();
      } catch (SQLException ignored) {
        // closing to unblock the wait; nothing to do
      }
    }
    try {
      thread.join(5000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
