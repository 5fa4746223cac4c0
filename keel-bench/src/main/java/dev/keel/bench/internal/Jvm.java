package dev.keel.bench.internal;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Starts child JVMs like this one: same {@code java}, same class path. */
public final class Jvm {

  private Jvm() {}

  /**
   * The command line of a child JVM running {@code mainClass} with {@code args}.
   *
   * @param heap the {@code -Xmx} value, e.g. {@code "1g"}
   */
  public static List<String> command(String heap, Class<?> mainClass, List<String> args) {
    List<String> cmd = new ArrayList<>();
    cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    cmd.add("-Xmx" + heap);
    cmd.add("-Dorg.slf4j.simpleLogger.defaultLogLevel=warn");
    // JobRunr warns about its own job filter being slow whenever the machine is busy.
    cmd.add("-Dorg.slf4j.simpleLogger.log.org.jobrunr.jobs.filters=error");
    cmd.add("-cp");
    cmd.add(System.getProperty("java.class.path"));
    cmd.add(mainClass.getName());
    cmd.addAll(args);
    return cmd;
  }
}
