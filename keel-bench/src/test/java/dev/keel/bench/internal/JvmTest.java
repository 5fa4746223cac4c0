package dev.keel.bench.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

/** Every child JVM names its SLF4J provider: the bench's class path holds two. */
class JvmTest {

  @Test
  void aChildLogsThroughSlf4jSimpleUnlessToldOtherwise() {
    List<String> cmd = Jvm.command("256m", JvmTest.class, List.of("a"));

    assertThat(cmd)
        .contains("-Dslf4j.provider=org.slf4j.simple.SimpleServiceProvider")
        .contains("-Dslf4j.internal.verbosity=WARN")
        .endsWith(JvmTest.class.getName(), "a");
  }

  @Test
  void loggingOptionsWithoutAProviderAreRefused() {
    assertThatThrownBy(() -> Jvm.command("256m", List.of("-Dfoo=bar"), JvmTest.class, List.of()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("-Dslf4j.provider=");
  }
}
