package dev.keel.bench.internal.http;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What one child JVM checked beside the figures, passed to the parent as one line {@code
 * HTTP-SUMMARY\tkey=value…}.
 *
 * @param logging the request-log setting: {@code file} or {@code off}
 * @param sent requests every client reported as sent, warm-up included
 * @param answered requests the endpoint answered (equal to {@code sent} unless a client resent)
 * @param keelSent requests sent through Keel, warm-up included
 * @param keelMetered the sum of Keel's {@code http.client.requests} counters
 */
record ChildSummary(String logging, long sent, long answered, long keelSent, long keelMetered) {

  static final String PREFIX = "HTTP-SUMMARY\t";

  String encode() {
    Map<String, String> m = new LinkedHashMap<>();
    m.put("logging", logging);
    m.put("sent", Long.toString(sent));
    m.put("answered", Long.toString(answered));
    m.put("keelSent", Long.toString(keelSent));
    m.put("keelMetered", Long.toString(keelMetered));
    return Lines.encode(PREFIX, m);
  }

  static ChildSummary decode(String line) {
    Map<String, String> m = Lines.decode(PREFIX, line);
    return new ChildSummary(
        m.getOrDefault("logging", "?"),
        Long.parseLong(m.getOrDefault("sent", "0")),
        Long.parseLong(m.getOrDefault("answered", "0")),
        Long.parseLong(m.getOrDefault("keelSent", "0")),
        Long.parseLong(m.getOrDefault("keelMetered", "0")));
  }
}
