package dev.keel.bench.internal.idempotency;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Runs {@code redis-benchmark}'s SET test against the same server, the ceiling the store is
 * compared with. The command is the SET test of {@code redis-benchmark -t set -q} with the same
 * default 3-byte value, given as an explicit command so that its key lies under the benchmark's
 * random prefix (the default test writes a fixed key, {@code key:__rand_int__}, into the shared
 * server): {@code redis-benchmark -h H -p P -n N -c C -q SET <prefix>ceiling xxx}.
 */
final class RedisBenchmark {

  private static final Pattern RATE =
      Pattern.compile("([0-9]+(?:\\.[0-9]+)?) requests per second(?:, p50=([0-9.]+) msec)?");

  private RedisBenchmark() {}

  /**
   * The SET rate.
   *
   * @param p50Micros the median latency redis-benchmark reports, NaN if it does not
   * @param serverMicrosPerSet the server's time per SET over the run (INFO commandstats, all
   *     clients), NaN if not measured
   */
  record Ceiling(double perSecond, double p50Micros, String command, double serverMicrosPerSet) {

    Ceiling withServerMicros(double micros) {
      return new Ceiling(perSecond, p50Micros, command, micros);
    }
  }

  /** The command line run for these settings. */
  static List<String> command(String host, int port, int requests, int clients, String key) {
    return List.of(
        "redis-benchmark",
        "-h",
        host,
        "-p",
        Integer.toString(port),
        "-n",
        Integer.toString(requests),
        "-c",
        Integer.toString(clients),
        "-q",
        "SET",
        key,
        "xxx");
  }

  /**
   * Runs redis-benchmark and parses its rate.
   *
   * @throws IOException if redis-benchmark is not on the PATH or fails
   * @throws InterruptedException if interrupted while waiting for it
   */
  static Ceiling run(String host, int port, int requests, int clients, String key)
      throws IOException, InterruptedException {
    List<String> cmd = command(host, port, requests, clients, key);
    Process process;
    try {
      process = new ProcessBuilder(cmd).redirectErrorStream(true).start();
    } catch (IOException e) {
      throw new IOException(
          "cannot run redis-benchmark (install redis-tools, or put it on the PATH): "
              + e.getMessage(),
          e);
    }
    String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (!process.waitFor(5, TimeUnit.MINUTES)) {
      process.destroyForcibly();
      throw new IOException("redis-benchmark did not finish within 5 minutes");
    }
    if (process.exitValue() != 0) {
      throw new IOException("redis-benchmark exited with " + process.exitValue() + ": " + out);
    }
    Ceiling ceiling = parse(out, String.join(" ", cmd));
    if (ceiling == null) {
      throw new IOException("no 'requests per second' in redis-benchmark's output: " + out);
    }
    return ceiling;
  }

  /** The last rate in {@code output} (progress lines come first), or null if there is none. */
  static Ceiling parse(String output, String command) {
    Matcher m = RATE.matcher(output);
    Ceiling last = null;
    while (m.find()) {
      double p50 = m.group(2) == null ? Double.NaN : Double.parseDouble(m.group(2)) * 1000;
      last = new Ceiling(Double.parseDouble(m.group(1)), p50, command, Double.NaN);
    }
    return last;
  }
}
