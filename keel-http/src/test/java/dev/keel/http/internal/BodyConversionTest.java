package dev.keel.http.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.InputStream;
import java.net.http.HttpClient;
import java.net.http.HttpHeaders;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodyHandlers;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class BodyConversionTest {

  private static final HttpHeaders TEXT =
      HttpHeaders.of(Map.of("Content-Type", List.of("text/plain; charset=UTF-8")), (k, v) -> true);

  private static <T> T convert(HttpResponse.BodyHandler<T> handler, byte[] body) {
    return BodyConversion.convert(handler, 200, TEXT, HttpClient.Version.HTTP_1_1, body)
        .toCompletableFuture()
        .join();
  }

  @Test
  void string_bytes_stream_and_discarding_handlers_all_work() throws Exception {
    byte[] body = "héllo".getBytes(StandardCharsets.UTF_8);
    assertThat(convert(BodyHandlers.ofString(), body)).isEqualTo("héllo");
    assertThat(convert(BodyHandlers.ofByteArray(), body)).isEqualTo(body);
    try (InputStream in = convert(BodyHandlers.ofInputStream(), body)) {
      assertThat(in.readAllBytes()).isEqualTo(body);
    }
    assertThat(convert(BodyHandlers.discarding(), body)).isNull();
    assertThat(convert(BodyHandlers.ofLines(), "a\nb".getBytes(StandardCharsets.UTF_8)).toList())
        .containsExactly("a", "b");
  }

  @Test
  void an_empty_body_completes() {
    assertThat(convert(BodyHandlers.ofString(), new byte[0])).isEmpty();
  }

  @Test
  void the_handler_sees_status_and_headers() {
    HttpResponse.BodyHandler<String> handler =
        info ->
            HttpResponse.BodySubscribers.replacing(
                info.statusCode() + " " + info.headers().firstValue("Content-Type").orElseThrow());
    assertThat(convert(handler, new byte[] {1})).isEqualTo("200 text/plain; charset=UTF-8");
  }
}
