package dev.keel.bench.internal;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class MachineTest {

  @Test
  void aQuietMachineGetsNoWarning() {
    assertThat(Machine.busyWarning("0.50 0.40 0.30")).isEmpty();
  }

  @Test
  void aLoadAboveOneAndAHalfTimesTheCoresBeforeTheRunIsFlagged() {
    double busy = 1.5 * Runtime.getRuntime().availableProcessors() + 1;
    assertThat(Machine.busyWarning(busy + " 1 1")).contains("machine was busy");
  }

  @Test
  void anUnknownLoadIsNotAWarning() {
    assertThat(Machine.busyWarning("unknown")).isEmpty();
  }
}
