package dev.keel.bench.internal.http;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/**
 * The HTTP benchmark end to end with a few requests: both child JVMs (request log to a file, and
 * off) measure all three clients without error; the endpoint answered every request sent (so no
 * client resent or lost one); Keel's meters counted every Keel request; the request log has one
 * line per Keel request when on and none when off.
 */
class HttpSmokeTest {

  @Test
  void measuresEveryClientInBothLogSettingsAndCrossChecksTheCounts() throws Exception {
    HttpOutcome outcome = HttpCommand.run(true, null, null);

    assertThat(outcome.results()).hasSize(HttpCommand.LOGGINGS.size() * Variant.values().length);
    for (HttpResult r : outcome.results()) {
      String what = r.logging() + "/" + r.variant();
      assertThat(r.errors()).as(what + ": " + r.firstError()).isZero();
      assertThat(r.rates()).as(what).hasSize(2).allSatisfy(rate -> assertThat(rate).isPositive());
      assertThat(r.p99Micros()).as(what).isGreaterThanOrEqualTo(r.p50Micros());
      assertThat(r.cpu()).as(what).hasSize(2).allSatisfy(cpu -> assertThat(cpu).isPositive());
    }
    assertThat(outcome.summaries())
        .extracting(ChildSummary::logging)
        .containsExactlyElementsOf(HttpCommand.LOGGINGS);
    for (ChildSummary s : outcome.summaries()) {
      // 2 warm-ups of 100 and 2 rounds of 200 per client.
      assertThat(s.keelSent()).isEqualTo(600);
      assertThat(s.sent()).isEqualTo(600L * Variant.values().length);
      // None lost; the JDK client may resend a GET once on a connection the server had closed.
      assertThat(s.answered()).isBetween(s.sent(), s.sent() + 10);
      assertThat(s.keelMetered()).isEqualTo(s.keelSent());
    }
    assertThat(outcome.logLines()).containsEntry("file", 600L).containsEntry("off", 0L);
    assertThat(outcome.markdown()).contains("Keel within 10 % of bare");
  }
}
