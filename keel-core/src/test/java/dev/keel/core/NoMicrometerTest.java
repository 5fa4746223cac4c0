package dev.keel.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * keel-core needs nothing but slf4j-api at run time: Micrometer is referenced only by the binder,
 * and the rest works in a class loader that has no Micrometer at all.
 */
class NoMicrometerTest {

  private static Path location(Class<?> type) throws Exception {
    return Path.of(type.getProtectionDomain().getCodeSource().getLocation().toURI());
  }

  @Test
  void onlyTheBinderClassesReferToMicrometer() throws Exception {
    Path classes = location(Pipeline.class);
    List<String> referring;
    try (Stream<Path> files = Files.walk(classes)) {
      referring =
          files
              .filter(f -> f.toString().endsWith(".class"))
              .filter(NoMicrometerTest::mentionsMicrometer)
              .map(f -> classes.relativize(f).toString().replace('\\', '/'))
              .sorted()
              .toList();
    }
    assertThat(referring)
        .isNotEmpty()
        .allSatisfy(
            name ->
                assertThat(
                        name.startsWith("dev/keel/core/KeelMicrometer")
                            || name.startsWith("dev/keel/core/internal/micrometer/"))
                    .as(name + " refers to io.micrometer")
                    .isTrue());
  }

  private static boolean mentionsMicrometer(Path classFile) {
    try {
      return new String(Files.readAllBytes(classFile), StandardCharsets.ISO_8859_1)
          .contains("io/micrometer");
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  @Test
  void everythingButTheBinderWorksWithoutMicrometerOnTheClassPath() throws Exception {
    URL[] path = {
      location(Pipeline.class).toUri().toURL(), // keel-core's classes
      location(NoMicrometerTest.class).toUri().toURL(), // this smoke test
      location(org.slf4j.LoggerFactory.class).toUri().toURL() // slf4j-api, the one dependency
    };
    // Parent: the boot loader only. (The platform loader would still find Micrometer when the
    // tests run on the module path: it delegates packages of boot-layer modules to their loader.)
    try (URLClassLoader isolated = new URLClassLoader(path, null)) {
      assertThatThrownBy(() -> isolated.loadClass("io.micrometer.core.instrument.MeterRegistry"))
          .isInstanceOf(ClassNotFoundException.class);

      Class<?> smoke = isolated.loadClass(WithoutMicrometer.class.getName());
      assertThat(smoke.getClassLoader()).isSameAs(isolated);
      @SuppressWarnings("unchecked")
      Callable<String> run = (Callable<String>) smoke.getDeclaredConstructor().newInstance();

      assertThat(run.call()).isEqualTo("fallback/degraded");
    }
  }

  /** Uses every part of keel-core but the binder; loaded by the isolated class loader. */
  public static final class WithoutMicrometer implements Callable<String> {
    @Override
    public String call() throws Exception {
      PolicyRegistry registry = PolicyRegistry.ofDefaults();
      Pipeline pipeline =
          Pipeline.builder()
              .fallback(Fallback.of("fallback"))
              .retry(Retry.builder("r").maxAttempts(1).build())
              .circuitBreaker(registry.circuitBreaker("smoke"))
              .rateLimiter(RateLimiter.perSecond("l", 100))
              .bulkhead(registry.bulkhead("smoke"))
              .timeout(Timeout.of(java.time.Duration.ofSeconds(5)))
              .build();
      Dependencies dependencies = new Dependencies();
      Dependency dependency = dependencies.register(Dependency.optional("smoke", pipeline));
      String result =
          dependency.call(
              () -> {
                throw new IOException("down");
              });
      return result + "/" + dependencies.health().status().label();
    }
  }
}
