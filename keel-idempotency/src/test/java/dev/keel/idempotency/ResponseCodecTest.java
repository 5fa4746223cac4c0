package dev.keel.idempotency;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.keel.idempotency.internal.ResponseCodec;
import java.util.List;
import java.util.Map;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.StringLength;
import org.junit.jupiter.api.Test;

class ResponseCodecTest {

  @Property(tries = 100)
  void everyResponseSurvivesTheRoundTrip(
      @ForAll @IntRange(min = 100, max = 599) int status,
      @ForAll @StringLength(min = 1, max = 20) String headerValue,
      @ForAll byte[] body) {
    IdempotentResponse response =
        new IdempotentResponse(
            status,
            Map.of("X-A", List.of(headerValue, "second"), "content-type", List.of("x/y")),
            body);
    assertThat(ResponseCodec.decode(ResponseCodec.encode(response))).isEqualTo(response);
  }

  @Test
  void unknownVersionsAreRefused() {
    assertThatThrownBy(() -> ResponseCodec.decode(new byte[] {9, 0, 1}))
        .hasMessageContaining("unknown stored response version 9");
  }
}
