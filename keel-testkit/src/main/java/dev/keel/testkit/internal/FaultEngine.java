package dev.keel.testkit.internal;

import dev.keel.core.KeelClock;
import dev.keel.testkit.FaultAction;
import dev.keel.testkit.FaultRule;
import dev.keel.testkit.FaultSpec;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The live fault state of one mock and the decision for each request.
 *
 * <p>Design note: the spec, the instant it was set and its request counter travel together in one
 * immutable {@link Active} swapped by a single {@link AtomicReference#set}. A request reads the
 * reference once, so it sees either the old faults with the old numbering or the new faults with
 * numbering from 1, never a mix. Draws are a pure function of (seed, rule, request number), so
 * concurrency changes only which request gets which number, not how many fault.
 */
public final class FaultEngine {

  private record Active(FaultSpec spec, long setAtNanos, AtomicLong counter) {}

  private final KeelClock clock;

  /** The faults in force; replaced as a whole, never mutated except for its counter. */
  private final AtomicReference<Active> active;

  /** An engine with {@code initial} in force from now. */
  public FaultEngine(KeelClock clock, FaultSpec initial) {
    this.clock = Objects.requireNonNull(clock, "clock");
    this.active = new AtomicReference<>(fresh(Objects.requireNonNull(initial, "initial")));
  }

  private Active fresh(FaultSpec spec) {
    return new Active(spec, clock.nanoTime(), new AtomicLong());
  }

  /** Puts {@code spec} in force, restarting request numbering and the time window at zero. */
  public void set(FaultSpec spec) {
    active.set(fresh(Objects.requireNonNull(spec, "spec")));
  }

  /** The faults in force. */
  public FaultSpec current() {
    return active.get().spec();
  }

  /** Requests decided since the faults were last set. */
  public long requestsSinceSet() {
    return active.get().counter().get();
  }

  /** Numbers the next request and decides its faults. */
  public FaultDecision decide() {
    Active a = active.get();
    long n = a.counter().incrementAndGet();
    Duration since = Duration.ofNanos(Math.max(0, clock.nanoTime() - a.setAtNanos()));
    List<FaultRule> rules = a.spec().rules();
    long seed = a.spec().seed();
    List<FaultRule> fired = new ArrayList<>();
    long delay = 0;
    FaultAction replacement = null;
    FaultAction.Dribble dribble = null;
    for (int i = 0; i < rules.size(); i++) {
      FaultRule rule = rules.get(i);
      if (!rule.trigger().fires(n, since, Draws.uniform(seed, i, n, Draws.FIRE))) {
        continue;
      }
      fired.add(rule);
      switch (rule.action()) {
        case FaultAction.Latency l -> delay += latencyMillis(l, seed, i, n);
        case FaultAction.Hang h -> delay += h.duration().toMillis();
        case FaultAction.Dribble d -> dribble = dribble == null ? d : dribble;
        case FaultAction.Reset r -> replacement = replacement == null ? r : replacement;
        case FaultAction.Status s -> replacement = replacement == null ? s : replacement;
        case FaultAction.TooManyRequests t -> replacement = replacement == null ? t : replacement;
      }
    }
    return new FaultDecision(n, fired, delay, replacement, dribble);
  }

  private static long latencyMillis(FaultAction.Latency l, long seed, int rule, long n) {
    long min = l.min().toMillis();
    long span = l.max().toMillis() - min;
    if (span == 0) {
      return min;
    }
    return min + (long) Math.floor(Draws.uniform(seed, rule, n, Draws.LATENCY) * (span + 1));
  }
}
