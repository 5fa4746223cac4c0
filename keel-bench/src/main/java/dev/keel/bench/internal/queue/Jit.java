package dev.keel.bench.internal.queue;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * CPU time of this JVM's JIT compiler threads, read from {@code /proc/self/task} (Linux), so the
 * queue benchmark can tell a drain that measured the queue from one that measured the compiler.
 */
final class Jit {

  /** Clock ticks per second of {@code /proc}'s CPU times ({@code USER_HZ}, 100 on Linux). */
  private static final long TICKS_PER_SECOND = 100;

  private Jit() {}

  /**
   * CPU time (user + system) the C1 and C2 compiler threads have used so far, in nanoseconds; 0
   * where {@code /proc} cannot be read, so differences come out as 0 rather than failing a run.
   */
  static long compilerCpuNanos() {
    long ticks = 0;
    try (DirectoryStream<Path> tasks = Files.newDirectoryStream(Path.of("/proc/self/task"))) {
      for (Path task : tasks) {
        String stat;
        try {
          stat = Files.readString(task.resolve("stat"));
        } catch (IOException e) {
          continue; // the thread ended meanwhile
        }
        int open = stat.indexOf('(');
        int close = stat.lastIndexOf(')');
        String name = stat.substring(open + 1, close);
        if (!name.startsWith("C1 CompilerThre") && !name.startsWith("C2 CompilerThre")) {
          continue;
        }
        // Fields after the name: state is field 3; utime and stime are fields 14 and 15.
        String[] fields = stat.substring(close + 2).split(" ");
        ticks += Long.parseLong(fields[11]) + Long.parseLong(fields[12]);
      }
    } catch (IOException | RuntimeException e) {
      return 0;
    }
    return ticks * (1_000_000_000L / TICKS_PER_SECOND);
  }
}
