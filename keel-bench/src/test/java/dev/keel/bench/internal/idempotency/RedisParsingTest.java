package dev.keel.bench.internal.idempotency;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Parsing of redis-benchmark's output and of INFO commandstats. */
class RedisParsingTest {

  @Test
  void takesTheFinalRateOfRedisBenchmarkNotAProgressLine() {
    String out =
        "SET k xxx: rps=0.0 (overall: -nan) avg_msec=-nan (overall: -nan)\r"
            + "SET k xxx: rps=9000.0 (overall: 9000.0) avg_msec=1.2 (overall: 1.2)\r"
            + "SET k xxx: 15151.52 requests per second, p50=0.263 msec\n";

    RedisBenchmark.Ceiling c = RedisBenchmark.parse(out, "cmd");

    assertThat(c.perSecond()).isEqualTo(15151.52);
    assertThat(c.p50Micros()).isEqualTo(263.0, org.assertj.core.data.Offset.offset(1e-9));
  }

  @Test
  void acceptsOutputWithoutPercentileAndRefusesOutputWithoutRate() {
    assertThat(RedisBenchmark.parse("SET: 100.00 requests per second\n", "cmd").p50Micros())
        .isNaN();
    assertThat(RedisBenchmark.parse("Could not connect to Redis", "cmd")).isNull();
  }

  @Test
  void readsCallsOfOneCommandOnly() {
    String info =
        "# Commandstats\r\n"
            + "cmdstat_eval:calls=3,usec=10,usec_per_call=3.33\r\n"
            + "cmdstat_evalsha:calls=2831,usec=63808,usec_per_call=22.54,rejected_calls=0\r\n";

    assertThat(RedisAdmin.field(info, "evalsha", "calls")).isEqualTo(2831);
    assertThat(RedisAdmin.field(info, "evalsha", "usec")).isEqualTo(63808);
    assertThat(RedisAdmin.field(info, "eval", "calls")).isEqualTo(3);
    assertThat(RedisAdmin.field(info, "set", "calls")).isZero();
  }
}
