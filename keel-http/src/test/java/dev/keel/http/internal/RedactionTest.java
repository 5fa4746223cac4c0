package dev.keel.http.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import org.junit.jupiter.api.Test;

class RedactionTest {

  @Test
  void query_fragment_and_credentials_are_removed() {
    assertThat(Redaction.safeUrl(URI.create("https://u:p@pay.example.com:8443/a/b?x=1#frag")))
        .isEqualTo("https://pay.example.com:8443/a/b");
  }

  @Test
  void an_empty_path_is_shown_as_slash() {
    assertThat(Redaction.safeUrl(URI.create("http://h"))).isEqualTo("http://h/");
  }

  @Test
  void encoded_path_segments_stay_encoded() {
    assertThat(Redaction.safeUrl(URI.create("http://h/a%20b?q"))).isEqualTo("http://h/a%20b");
  }

  @Test
  void unparseable_text_is_still_redacted() {
    assertThat(Redaction.redact("ftp://bob:pw@h/x?token=1")).isEqualTo("ftp://***@h/x");
  }
}
