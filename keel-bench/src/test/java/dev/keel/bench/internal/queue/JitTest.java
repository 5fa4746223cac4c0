package dev.keel.bench.internal.queue;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class JitTest {

  @Test
  void compilerCpuIsReadFromProcAndNeverGoesBack() {
    assumeTrue(Files.isDirectory(Path.of("/proc/self/task")), "needs Linux /proc");

    long first = Jit.compilerCpuNanos();
    long second = Jit.compilerCpuNanos();

    // A JVM that has loaded JUnit has compiled code for longer than one 10 ms clock tick.
    assertThat(first).isPositive();
    assertThat(second).isGreaterThanOrEqualTo(first);
  }
}
