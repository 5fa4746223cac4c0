package dev.keel.bench.internal;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Starts child JVMs like this one: same {@code java}, same class path. */
public final class Jvm {

  /**
   * The bench's class path holds two SLF4J providers (slf4j-simple, and logback for the HTTP
   * benchmark), so every JVM names the one it uses: SLF4J would otherwise pick the first it finds
   * and warn. The verbosity hides SLF4J's note that it loaded the named provider.
   */
  private static final String QUIET_SLF4J = "-Dslf4j.internal.verbosity=WARN";

  /** slf4j-simple at WARN: the logging of every bench JVM that does not choose its own. */
  public static final List<String> SIMPLE_LOGGING =
      List.of(
          "-Dslf4j.provider=org.slf4j.simple.SimpleServiceProvider",
          QUIET_SLF4J,
          "-Dorg.slf4j.simpleLogger.defaultLogLevel=warn",
          // JobRunr warns about its own job filter being slow whenever the machine is busy.
          "-Dorg.slf4j.simpleLogger.log.org.jobrunr.jobs.filters=error");

  private Jvm() {}

  /**
   * The command line of a child JVM running {@code mainClass} with {@code args}, logging through
   * slf4j-simple ({@link #SIMPLE_LOGGING}).
   *
   * @param heap the {@code -Xmx} value, e.g. {@code "1g"}
   */
  public static List<String> command(String heap, Class<?> mainClass, List<String> args) {
    return command(heap, SIMPLE_LOGGING, mainClass, args);
  }

  /**
   * The command line of a child JVM running {@code mainClass} with {@code args}.
   *
   * @param heap the {@code -Xmx} value, e.g. {@code "1g"}
   * @param logging system properties choosing and configuring the SLF4J provider, including {@code
   *     -Dslf4j.provider}
   */
  public static List<String> command(
      String heap, List<String> logging, Class<?> mainClass, List<String> args) {
    if (logging.stream().noneMatch(o -> o.startsWith("-Dslf4j.provider="))) {
      throw new IllegalArgumentException(
          "logging options must name the SLF4J provider with -Dslf4j.provider=<class>, the class"
              + " path has two; got "
              + logging);
    }
    List<String> cmd = new ArrayList<>();
    cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    cmd.add("-Xmx" + heap);
    cmd.addAll(logging);
    if (!logging.contains(QUIET_SLF4J)) {
      cmd.add(QUIET_SLF4J);
    }
    cmd.add("-cp");
    cmd.add(System.getProperty("java.class.path"));
    cmd.add(mainClass.getName());
    cmd.addAll(args);
    return cmd;
  }
}
