package dev.keel.bench.internal.http;

import java.util.List;
import java.util.Map;

/**
 * Everything one {@code ./keel bench http} run measured.
 *
 * @param results one per client and request-log setting
 * @param summaries one per child JVM (request-log setting)
 * @param logLines request-log lines written per setting (0 when the log was off)
 * @param markdown the section written to the document
 */
record HttpOutcome(
    List<HttpResult> results,
    List<ChildSummary> summaries,
    Map<String, Long> logLines,
    String markdown) {}
