package dev.keel.jobs;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.EnumSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

class JobStateTest {

  @Test
  void finalStatesHaveNoWayOut() {
    for (JobState s : JobState.values()) {
      for (JobState next : JobState.values()) {
        if (s.isFinal()) {
          assertThat(s.canTransitionTo(next)).as(s + " -> " + next).isFalse();
        }
      }
    }
  }

  @Test
  void transitionTableMatchesTheDiagram() {
    assertThat(targets(JobState.SCHEDULED))
        .containsExactlyInAnyOrder(JobState.AVAILABLE, JobState.RUNNING, JobState.CANCELLED);
    assertThat(targets(JobState.AVAILABLE))
        .containsExactlyInAnyOrder(JobState.RUNNING, JobState.CANCELLED);
    assertThat(targets(JobState.RETRYING))
        .containsExactlyInAnyOrder(JobState.AVAILABLE, JobState.RUNNING, JobState.CANCELLED);
    assertThat(targets(JobState.RUNNING))
        .containsExactlyInAnyOrder(
            JobState.COMPLETED, JobState.RETRYING, JobState.DEAD, JobState.AVAILABLE);
    assertThat(targets(JobState.DEAD))
        .containsExactlyInAnyOrder(JobState.AVAILABLE, JobState.DISCARDED);
    // nothing but a claim enters RUNNING, and only claimable states can be claimed
    for (JobState s : JobState.values()) {
      if (s.canTransitionTo(JobState.RUNNING)) {
        assertThat(s.isClaimable()).as(s.name()).isTrue();
      }
    }
  }

  @Test
  void dbNamesRoundTrip() {
    for (JobState s : JobState.values()) {
      assertThat(JobState.fromDb(s.dbName())).isEqualTo(s);
      assertThat(s.dbName()).isLowerCase();
    }
  }

  private static Set<JobState> targets(JobState from) {
    Set<JobState> out = EnumSet.noneOf(JobState.class);
    for (JobState next : JobState.values()) {
      if (from.canTransitionTo(next)) {
        out.add(next);
      }
    }
    return out;
  }
}
