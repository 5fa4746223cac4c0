package dev.keel.jobs.internal;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends the {@code NOTIFY} of committed enqueues from one dedicated connection, outside the
 * enqueue's transaction.
 *
 * <p>Why: PostgreSQL serialises every transaction that notifies on one database-wide lock held
 * until its commit record is flushed, so a {@code NOTIFY} inside each enqueue turned concurrent
 * enqueues into one fsync after another (no group commit). Here the enqueue commits without it and
 * hands its queue names over; this thread sends whatever queued up in one statement on a session
 * with {@code synchronous_commit = off} (a notification is not durable anyway), so the lock is held
 * for microseconds and a burst of enqueues costs one notification per queue. Wake-ups stay
 * best-effort: workers also poll.
 *
 * <p>One virtual thread; {@link #close()} sends what is pending and stops. Thread-safe.
 */
final class PgNotifier implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(PgNotifier.class);

  private final String url;
  private final Properties props;
  private final String notifySql;
  private final String prefix;
  private final LinkedBlockingQueue<String> pending = new LinkedBlockingQueue<>();
  private final Thread thread;
  private volatile boolean closed;
  private Connection connection;

  PgNotifier(String url, Properties connectionProps, String notifyManySql, String schema) {
    this.url = url;
    this.props = new Properties();
    this.props.putAll(connectionProps);
    this.props.setProperty("options", "-c synchronous_commit=off");
    this.notifySql = notifyManySql;
    this.prefix = schema + "|";
    this.thread = Thread.ofVirtual().name("keel-jobs-notify-" + schema).start(this::loop);
  }

  /** Queues a wake-up for {@code queues}, sent soon after. */
  void notifyQueues(Set<String> queues) {
    pending.addAll(queues);
  }

  private void loop() {
    long backoffMs = 50;
    Set<String> batch = new LinkedHashSet<>();
    while (true) {
      if (batch.isEmpty()) {
        String first;
        try {
          first = pending.poll(200, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
          first = null;
        }
        if (first == null) {
          if (closed && pending.isEmpty()) {
            closeConnection();
            return;
          }
          continue;
        }
        batch.add(first);
        List<String> more = new ArrayList<>();
        pending.drainTo(more);
        batch.addAll(more);
      }
      try {
        send(batch);
        batch.clear();
        backoffMs = 50;
      } catch (SQLException e) {
        closeConnection();
        if (closed) {
          LOG.debug("dropping {} wake-ups at shutdown: {}", batch.size(), e.getMessage());
          batch.clear();
          continue;
        }
        LOG.warn("NOTIFY failed ({}); retrying in {} ms", e.getMessage(), backoffMs);
        try {
          Thread.sleep(backoffMs);
        } catch (InterruptedException ie) {
          Thread.currentThread().interrupt();
        }
        backoffMs = Math.min(2000, backoffMs * 2);
      }
    }
  }

  private void send(Set<String> queues) throws SQLException {
    if (connection == null) {
      connection = DriverManager.getConnection(url, props);
    }
    String[] payloads = new String[queues.size()];
    int i = 0;
    for (String q : queues) {
      payloads[i++] = prefix + q;
    }
    try (PreparedStatement ps = connection.prepareStatement(notifySql)) {
      ps.setArray(1, connection.createArrayOf("text", payloads));
      ps.executeQuery().close();
    }
  }

  private void closeConnection() {
    Connection c = connection;
    connection = null;
    if (c != null) {
      try {
        c.close();
      } catch (SQLException ignored) {
        // already broken; nothing to do
      }
    }
  }

  /** Sends what is pending (one try), then stops. */
  @Override
  public void close() {
    closed = true;
    try {
      thread.join(5000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
