package dev.keel.testkit.internal;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.common.Timing;
import com.github.tomakehurst.wiremock.stubbing.ServeEvent;
import dev.keel.testkit.JournalEntry;
import java.net.URI;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** Reads WireMock's request journal as {@link JournalEntry} values and summaries. */
public final class Journal {

  /** The path prefix of Keel's admin endpoints, which are left out of the journal. */
  public static final String ADMIN_PREFIX = "/__keel/";

  private Journal() {}

  /** The journaled requests, oldest first, without admin calls. */
  public static List<JournalEntry> entries(WireMockServer server) {
    List<ServeEvent> events = new ArrayList<>(server.getAllServeEvents());
    List<JournalEntry> out = new ArrayList<>(events.size());
    for (ServeEvent e : events) {
      String path = pathOf(e.getRequest().getUrl());
      if (path.startsWith(ADMIN_PREFIX)) {
        continue;
      }
      Timing t = e.getTiming();
      Instant at =
          e.getRequest().getLoggedDate() == null
              ? Instant.EPOCH
              : e.getRequest().getLoggedDate().toInstant();
      out.add(
          new JournalEntry(
              e.getId().toString(),
              FaultTransformer.requestNumberOf(e),
              e.getRequest().getMethod().getName(),
              path,
              e.getWasMatched(),
              e.getResponse() == null ? 0 : e.getResponse().getStatus(),
              FaultTransformer.firedOn(e),
              t == null || t.getAddedDelay() == null ? 0 : t.getAddedDelay(),
              t == null || t.getTotalTime() == null ? -1 : t.getTotalTime(),
              at));
    }
    // WireMock lists the newest first.
    Collections.reverse(out);
    return out;
  }

  /** The JSON-ready summary served at {@code GET /__keel/journal}. */
  public static Map<String, Object> summary(WireMockServer server, int limit) {
    List<JournalEntry> entries = entries(server);
    Map<String, Long> byEndpoint = new TreeMap<>();
    Map<String, Long> byStatus = new TreeMap<>();
    Map<String, Long> byFault = new TreeMap<>();
    long faulted = 0;
    for (JournalEntry e : entries) {
      byEndpoint.merge(e.method() + " " + e.path(), 1L, Long::sum);
      byStatus.merge(Integer.toString(e.status()), 1L, Long::sum);
      for (String f : e.faults()) {
        byFault.merge(f, 1L, Long::sum);
      }
      faulted += e.faulted() ? 1 : 0;
    }
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("total", entries.size());
    out.put("faulted", faulted);
    out.put("unmatched", entries.stream().filter(e -> !e.matched()).count());
    out.put("byEndpoint", byEndpoint);
    out.put("byStatus", byStatus);
    out.put("byFault", byFault);
    List<Map<String, Object>> recent = new ArrayList<>();
    for (JournalEntry e : entries.subList(Math.max(0, entries.size() - limit), entries.size())) {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("id", e.id());
      m.put("request", e.requestNumber());
      m.put("method", e.method());
      m.put("path", e.path());
      m.put("matched", e.matched());
      m.put("status", e.status());
      m.put("faults", e.faults());
      m.put("addedDelayMs", e.addedDelayMillis());
      m.put("totalMs", e.totalMillis());
      m.put("loggedAt", e.loggedAt().toString());
      recent.add(m);
    }
    out.put("recent", recent);
    return out;
  }

  static String pathOf(String url) {
    try {
      String p = URI.create(url).getRawPath();
      return p == null ? url : p;
    } catch (IllegalArgumentException e) {
      int q = url.indexOf('?');
      return q < 0 ? url : url.substring(0, q);
    }
  }
}
