package dev.keel.bench.internal.queue;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class JitTest {

  @Test
  void compilerCpuIsReadFromProcAndNeverGoesBack() {
    long first = Jit.compilerCpuNanos();
    long second = Jit.compilerCpuNanos();

    // Keel's machines are Linux; a JVM that has loaded JUnit has compiled code for longer than one
    // 10 ms clock tick.
    assertThat(first).isPositive();
    assertThat(second).isGreaterThanOrEqualTo(first);
  }
}
