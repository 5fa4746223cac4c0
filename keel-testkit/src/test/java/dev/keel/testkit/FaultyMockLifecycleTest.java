package dev.keel.testkit;

import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.ok;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.net.ConnectException;
import java.time.Duration;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** Starting and stopping mocks leaves nothing behind. */
class FaultyMockLifecycleTest {

  private static Set<Thread> liveThreads() {
    return Thread.getAllStackTraces().keySet().stream()
        .filter(Thread::isAlive)
        .collect(Collectors.toSet());
  }

  @Test
  void closingStopsEveryThreadTheMockStarted() throws Exception {
    Set<Thread> before = liveThreads();

    for (int i = 0; i < 5; i++) {
      FaultyMock mock = FaultyMock.builder().faults("latency=20ms,dribble=40ms/2").start();
      mock.stubFor(get(anyUrl()).willReturn(ok("body")));
      assertThat(Http.get(mock.uri("/x")).body()).isEqualTo("body");
      mock.close();
    }

    await()
        .atMost(Duration.ofSeconds(30))
        .untilAsserted(
            () ->
                assertThat(liveThreads())
                    .filteredOn(t -> !before.contains(t))
                    // the shared test HTTP client and Awaitility keep their own threads
                    .filteredOn(t -> !t.getName().startsWith("HttpClient-"))
                    .filteredOn(t -> !t.getName().startsWith("awaitility"))
                    .isEmpty());
  }

  @Test
  void closingTwiceIsHarmlessAndTheUrlStaysReadable() {
    FaultyMock mock = FaultyMock.builder().start();
    String url = mock.baseUrl();
    mock.close();
    mock.close();
    assertThat(mock.isRunning()).isFalse();
    assertThat(mock.baseUrl()).isEqualTo(url);
    assertThat(mock.toString()).contains(url).contains("faults none");
  }

  @Test
  void closingFromAnInterruptedThreadStillStopsTheServerAndKeepsTheFlag() throws Exception {
    FaultyMock mock = FaultyMock.builder().start();
    boolean[] flagAfterClose = {false};
    Thread t =
        Thread.ofVirtual()
            .unstarted(
                () -> {
                  Thread.currentThread().interrupt();
                  mock.close();
                  flagAfterClose[0] = Thread.currentThread().isInterrupted();
                });
    t.start();
    t.join();

    assertThat(mock.isRunning()).isFalse();
    assertThat(flagAfterClose[0]).isTrue();
    assertThatThrownBy(() -> Http.get(mock.uri("/"))).isInstanceOf(ConnectException.class);
  }
}
