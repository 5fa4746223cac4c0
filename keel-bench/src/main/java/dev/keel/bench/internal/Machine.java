package dev.keel.bench.internal;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;

/** What the benchmarks ran on: cores, memory, CPU model, JDK, load average. Linux-first. */
public final class Machine {

  private Machine() {}

  /** One line describing the machine and the JDK, e.g. for a table caption. */
  public static String describe() {
    return Runtime.getRuntime().availableProcessors()
        + " cores ("
        + cpuModel()
        + "), "
        + memory()
        + " RAM, "
        + System.getProperty("java.vm.name")
        + " "
        + System.getProperty("java.runtime.version")
        + ", "
        + System.getProperty("os.name")
        + " "
        + System.getProperty("os.arch");
  }

  /** The 1-minute load average from {@code /proc/loadavg}, or "unknown". */
  public static String loadAverage() {
    try {
      String[] parts = Files.readString(Path.of("/proc/loadavg")).trim().split("\\s+");
      return parts[0] + " " + parts[1] + " " + parts[2];
    } catch (IOException | RuntimeException e) {
      return "unknown";
    }
  }

  /**
   * A warning sentence when the 1-minute load average before the run was above 1.5 × the cores,
   * else the empty string. Only the load before counts: the load after includes the benchmark's own
   * threads (a queue or HTTP run alone leaves it at 4–8 on 2 cores), so it says nothing about other
   * work.
   */
  public static String busyWarning(String loadBefore) {
    double limit = 1.5 * Runtime.getRuntime().availableProcessors();
    if (firstNumber(loadBefore) > limit) {
      return "\n**The machine was busy** (1-minute load average above "
          + limit
          + " before the run): other work shared the cores, so these figures are rough —"
          + " confidence intervals are wide and ratios can move by tens of percent. Re-run on a"
          + " quiet machine before quoting them.\n\n";
    }
    return "";
  }

  private static double firstNumber(String load) {
    try {
      return Double.parseDouble(load.trim().split("\\s+")[0]);
    } catch (RuntimeException e) {
      return 0;
    }
  }

  /** Today's date in UTC, ISO format. */
  public static String today() {
    return LocalDate.now(ZoneOffset.UTC).toString();
  }

  private static String cpuModel() {
    try {
      List<String> lines = Files.readAllLines(Path.of("/proc/cpuinfo"));
      for (String line : lines) {
        if (line.startsWith("model name")) {
          return line.substring(line.indexOf(':') + 1).trim();
        }
      }
    } catch (IOException | RuntimeException e) {
      // fall through
    }
    return "unknown CPU";
  }

  private static String memory() {
    try {
      for (String line : Files.readAllLines(Path.of("/proc/meminfo"))) {
        if (line.startsWith("MemTotal:")) {
          long kib = Long.parseLong(line.replaceAll("\\D", ""));
          return String.format("%.1f GiB", kib / 1024.0 / 1024.0);
        }
      }
    } catch (IOException | RuntimeException e) {
      // fall through
    }
    return "unknown";
  }
}
