package dev.keel.testkit;

import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.ok;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Stubs come from a directory or the classpath in WireMock's layout, with faults on top. */
class StubLoadingTest {

  @TempDir Path dir;

  private Path writeStubs() throws Exception {
    Files.createDirectories(dir.resolve("mappings"));
    Files.createDirectories(dir.resolve("__files"));
    Files.writeString(
        dir.resolve("mappings/charge.json"),
        """
        {
          "request": {"method": "POST", "urlPath": "/charges",
                      "headers": {"Idempotency-Key": {"matches": ".+"}}},
          "response": {"status": 201, "bodyFileName": "charge.json",
                       "headers": {"Content-Type": "application/json"}}
        }
        """);
    Files.writeString(dir.resolve("__files/charge.json"), "{\"id\":\"ch_1\",\"status\":\"paid\"}");
    return dir;
  }

  @Test
  void loadsMappingsAndBodyFilesFromADirectory() throws Exception {
    try (FaultyMock mock = FaultyMock.builder().stubs(writeStubs()).start()) {
      HttpResponse<String> r =
          Http.CLIENT.send(
              java.net.http.HttpRequest.newBuilder(mock.uri("/charges"))
                  .header("Idempotency-Key", "k-1")
                  .POST(java.net.http.HttpRequest.BodyPublishers.ofString("{}"))
                  .build(),
              HttpResponse.BodyHandlers.ofString());

      assertThat(r.statusCode()).isEqualTo(201);
      assertThat(r.body()).isEqualTo("{\"id\":\"ch_1\",\"status\":\"paid\"}");
      assertThat(mock.stubsDescription()).isEqualTo(dir.toAbsolutePath().normalize().toString());
    }
  }

  @Test
  void loadsStubsFromTheClasspathWithFaultsOnTop() throws Exception {
    try (FaultyMock mock =
        FaultyMock.builder()
            .stubs("classpath:stubs/recommendations")
            .faults("status=503#1")
            .start()) {
      assertThat(Http.get(mock.uri("/recommendations/42")).statusCode()).isEqualTo(503);
      HttpResponse<String> r = Http.get(mock.uri("/recommendations/42"));
      assertThat(r.statusCode()).isEqualTo(200);
      assertThat(r.body()).contains("\"items\"");
    }
  }

  @Test
  void aLocationWithoutPrefixFallsBackToTheClasspath() throws Exception {
    try (FaultyMock mock = FaultyMock.builder().stubs("stubs/recommendations").start()) {
      assertThat(mock.stubsDescription()).isEqualTo("classpath:stubs/recommendations");
      assertThat(Http.get(mock.uri("/recommendations/1")).statusCode()).isEqualTo(200);
    }
  }

  @Test
  void resetReloadsFileStubsAndDropsCodeStubs() throws Exception {
    try (FaultyMock mock =
        FaultyMock.builder().stubs(writeStubs()).faults("status=500#1").start()) {
      mock.stubFor(get(urlPathEqualTo("/extra")).willReturn(ok()));
      assertThat(mock.wireMock().getStubMappings()).hasSize(2);
      Http.get(mock.uri("/extra"));

      mock.reset();

      assertThat(mock.wireMock().getStubMappings()).hasSize(1);
      assertThat(mock.journal()).isEmpty();
      assertThat(mock.faults()).hasToString("status=500#1");
      assertThat(mock.requestsSinceFaultsSet()).isZero();
    }
  }

  @Test
  void withoutStubsTheMockIgnoresSrcTestResourcesMappings() {
    try (FaultyMock mock = FaultyMock.builder().start()) {
      assertThat(mock.wireMock().getStubMappings()).isEmpty();
      assertThat(mock.stubsDescription()).isEqualTo("(none)");
    }
  }

  @Test
  void aMissingDirectoryIsAClearError() {
    Path missing = dir.resolve("nope");
    assertThatThrownBy(() -> FaultyMock.builder().stubs(missing))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining(missing.toString())
        .hasMessageContaining("does not exist")
        .hasMessageContaining("mappings/");
  }

  @Test
  void aDirectoryWithoutMappingsIsAClearError() {
    assertThatThrownBy(() -> FaultyMock.builder().stubs(dir))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("has no mappings/ subdirectory");
  }

  @Test
  void anUnknownLocationIsAClearError() {
    assertThatThrownBy(() -> FaultyMock.builder().stubs("classpath:stubs/nothing"))
        .hasMessageContaining("no stubs/nothing/mappings folder on the classpath");
    assertThatThrownBy(() -> FaultyMock.builder().stubs("no/such/place"))
        .hasMessageContaining("is neither a directory")
        .hasMessageContaining("nor a classpath folder");
  }

  @Test
  void anInvalidStubFileFailsTheStartNamingTheLocation() throws Exception {
    Files.createDirectories(dir.resolve("mappings"));
    Files.writeString(dir.resolve("mappings/broken.json"), "{ this is not json");

    assertThatThrownBy(() -> FaultyMock.builder().name("broken").stubs(dir).start())
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("mock \"broken\" could not start")
        .hasMessageContaining(dir.toAbsolutePath().normalize().toString());
  }

  @Test
  void builderSettingsFailFast() {
    assertThatThrownBy(() -> FaultyMock.builder().port(70_000))
        .hasMessageContaining("port must be in 0..65535")
        .hasMessageContaining("70000");
    assertThatThrownBy(() -> FaultyMock.builder().maxJournalEntries(0))
        .hasMessageContaining("maxJournalEntries must be positive, was 0");
    assertThatThrownBy(() -> FaultyMock.builder().faults("bogus"))
        .isInstanceOf(FaultSpecException.class);
  }
}
