package dev.keel.bench.internal.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The child's round order, the result lines, the paired ratio and the request-log check. */
class HttpPartsTest {

  @Test
  void everyClientTakesEveryPositionEquallyOftenOverSixRounds() {
    for (Variant v : Variant.values()) {
      int[] positions = new int[Variant.values().length];
      for (int round = 0; round < 6; round++) {
        positions[HttpChild.order(round).indexOf(v)]++;
      }
      assertThat(positions).as(v.name()).containsOnly(2);
    }
  }

  @Test
  void aResultLineDecodesToWhatWasEncoded() {
    HttpResult r =
        new HttpResult(
            "file",
            Variant.KEEL,
            200,
            List.of(1000.5, 2000.25),
            List.of(30.5, 31.0),
            10,
            99,
            120,
            1,
            "x\ty");

    HttpResult back = HttpResult.decode(r.encode());

    assertThat(back.variant()).isEqualTo(Variant.KEEL);
    assertThat(back.rates()).containsExactly(1000.5, 2000.25);
    assertThat(back.cpu()).containsExactly(30.5, 31.0);
    assertThat(back.p99Micros()).isEqualTo(99);
    assertThat(back.firstError()).isEqualTo("x y");
  }

  @Test
  void theRatioPairsRoundsBeforeTakingTheMedian() {
    HttpResult bare =
        new HttpResult(
            "off", Variant.JDK, 1, List.of(100.0, 200.0, 400.0), List.of(), 0, 0, 0, 0, "");
    HttpResult keel =
        new HttpResult(
            "off", Variant.KEEL, 1, List.of(90.0, 200.0, 100.0), List.of(), 0, 0, 0, 0, "");

    // Per round 0.9, 1.0, 0.25: the median is 0.9 (the ratio of medians would be 0.5).
    assertThat(HttpReport.pairedRatio(keel.rates(), Optional.of(bare.rates()))).isEqualTo(0.9);
    assertThat(HttpReport.pairedRatio(keel.rates(), Optional.empty())).isNaN();
  }

  @Test
  void requestLinesCountsKeelsInfoLinesOnly(@TempDir Path dir) throws Exception {
    Path log =
        log(
            dir,
            "2026-01-01T00:00:00.000Z [] INFO dev.keel.http.requests - GET http://h/orders/42 -> 200"
                + " in 1.2 ms (dependency=d, attempt=1)\n"
                + "2026-01-01T00:00:00.000Z [] WARN dev.keel.http.requests - GET http://h/orders/42"
                + " -> 503 in 1.2 ms (dependency=d, attempt=1)\n"
                + "2026-01-01T00:00:00.000Z [] INFO other.logger - hello\n");

    assertThat(HttpCommand.requestLines(log)).isEqualTo(1);
  }

  @Test
  void aRequestLineWithTheQueryStringFailsTheRun(@TempDir Path dir) throws Exception {
    Path log =
        log(
            dir,
            "2026-01-01T00:00:00.000Z [] INFO dev.keel.http.requests - GET http://h/orders/42?"
                + Clients.QUERY
                + " -> 200 in 1.2 ms (dependency=d, attempt=1)\n");

    assertThatThrownBy(() -> HttpCommand.requestLines(log))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("query string");
  }

  /** A request log file in {@code dir} holding {@code lines}. */
  private static Path log(Path dir, String lines) throws Exception {
    Path log = dir.resolve("requests.log");
    Files.writeString(log, lines);
    return log;
  }
}
