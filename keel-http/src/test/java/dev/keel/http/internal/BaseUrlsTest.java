package dev.keel.http.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class BaseUrlsTest {

  @ParameterizedTest
  @CsvSource({
    "payment-service, PAYMENT_SERVICE_URL",
    "ledger, LEDGER_URL",
    "geo.v2, GEO_V2_URL",
    "a_b-c9, A_B_C9_URL"
  })
  void the_variable_is_the_upper_cased_name_with_separators_as_underscores(
      String name, String variable) {
    assertThat(BaseUrls.envVariable(name)).isEqualTo(variable);
  }

  @Test
  void the_environment_supplies_the_base_url() {
    URI uri =
        BaseUrls.resolve(
            "payment-service", null, Map.of("PAYMENT_SERVICE_URL", "http://mock:8081/")::get);
    assertThat(uri).isEqualTo(URI.create("http://mock:8081"));
  }

  @Test
  void an_explicit_base_url_overrides_the_environment() {
    URI uri =
        BaseUrls.resolve(
            "payment-service",
            URI.create("https://pay.example.com/v1"),
            Map.of("PAYMENT_SERVICE_URL", "http://mock:8081")::get);
    assertThat(uri).isEqualTo(URI.create("https://pay.example.com/v1"));
  }

  @Test
  void neither_set_names_the_variable_to_set() {
    assertThatThrownBy(
            () -> BaseUrls.resolve("payment-service", null, Map.<String, String>of()::get))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("PAYMENT_SERVICE_URL")
        .hasMessageContaining("payment-service")
        .hasMessageContaining("baseUrl(");
  }

  @ParameterizedTest
  @ValueSource(strings = {"localhost:8081", "ftp://host/x", "not a url", "/relative"})
  void a_bad_variable_value_names_the_variable_and_the_value(String value) {
    assertThatThrownBy(() -> BaseUrls.resolve("ledger", null, Map.of("LEDGER_URL", value)::get))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("LEDGER_URL")
        .hasMessageContaining("http");
  }

  @Test
  void a_base_url_with_a_query_is_refused_without_echoing_the_query() {
    assertThatThrownBy(
            () -> BaseUrls.resolve("ledger", URI.create("http://h/x?token=secret"), k -> null))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("query")
        .hasMessageNotContaining("secret");
  }

  @Test
  void credentials_in_a_bad_url_are_not_echoed() {
    assertThatThrownBy(
            () -> BaseUrls.resolve("ledger", null, Map.of("LEDGER_URL", "ftp://bob:pw@h/")::get))
        .hasMessageNotContaining("pw")
        .hasMessageContaining("***@h");
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "-lead", "has space", "ümlaut"})
  void bad_names_are_refused(String name) {
    assertThatThrownBy(() -> BaseUrls.checkName(name))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("dependency name");
  }

  @Test
  void join_keeps_the_base_path_and_the_query() {
    URI base = URI.create("http://h:1/api");
    assertThat(BaseUrls.join(base, "/x/1?q=2")).isEqualTo(URI.create("http://h:1/api/x/1?q=2"));
    assertThat(BaseUrls.join(base, "x")).isEqualTo(URI.create("http://h:1/api/x"));
    assertThat(BaseUrls.join(base, "")).isEqualTo(URI.create("http://h:1/api"));
  }

  @Test
  void join_refuses_absolute_urls_and_bad_paths() {
    URI base = URI.create("http://h:1/api");
    assertThatThrownBy(() -> BaseUrls.join(base, "http://other/x"))
        .hasMessageContaining("relative");
    assertThatThrownBy(() -> BaseUrls.join(base, "/a b?secret=1"))
        .hasMessageContaining("percent-encode")
        .hasMessageNotContaining("secret");
  }
}
