package dev.keel.testkit;

import dev.keel.testkit.internal.FaultSpecParser;
import java.util.List;
import java.util.Objects;
import java.util.stream.Collectors;

/**
 * The faults a {@link FaultyMock} injects, as a list of rules plus the seed of its deterministic
 * random draws. Written as a SPEC string on the command line ({@code keel mock --faults SPEC}),
 * over the admin endpoint and in {@link KeelMock#faults()}.
 *
 * <h2>Grammar</h2>
 *
 * <pre>
 * SPEC     = "none" | "" | ITEM { "," ITEM }
 * ITEM     = "seed=" INTEGER | RULE
 * RULE     = FAULT { TRIGGER }                  (each trigger kind at most once)
 * FAULT    = "latency=" DURATION [ ".." DURATION ]   added delay, fixed or uniform
 *          | "status=" CODE                           replace with CODE (400..599)
 *          | "429" [ "=" DURATION ]                   429 with Retry-After (whole seconds)
 *          | "reset"                                  TCP reset (connection reset by peer)
 *          | "hang=" DURATION                         hold the response back (past client timeout)
 *          | "dribble=" DURATION [ "/" CHUNKS ]       slow body: CHUNKS pieces [10] over DURATION
 * TRIGGER  = "@" RATE            fraction of requests: 0.2 or 20%
 *          | "#" N [ "-" [ M ] ]  request numbers N..M (1-based, inclusive; "N-" = N onwards)
 *          | "~" DURATION "-" [ DURATION ]  time since the faults were set, [start, end)
 * DURATION = NUMBER ( "ms" | "s" | "m" ), whole milliseconds, at most 1 day: 250ms, 1.5s, 2m
 * </pre>
 *
 * <p>Examples: {@code latency=200ms@0.5,status=503@0.2,reset@0.05,hang=10s@0.01,429=2s@0.1,
 * dribble=2s@0.1} and {@code status=503#1-5} (the next five requests fail).
 *
 * <h2>How rules combine on one request</h2>
 *
 * Every rule is evaluated on every request, each with its own draw, so adding a rule never changes
 * which requests another rule hits. Delays add up ({@code latency} and {@code hang}); the first
 * firing rule among {@code reset}, {@code status} and {@code 429} (in SPEC order) replaces the
 * response; the first firing {@code dribble} slows whatever body is sent.
 *
 * <p>Immutable and thread-safe. {@link #toString()} prints the canonical SPEC and {@code
 * parse(spec.toString())} equals {@code spec}.
 *
 * @param rules the rules, in SPEC order
 * @param seed the seed of the deterministic draws (rates and uniform latencies) [{@value
 *     #DEFAULT_SEED}]
 */
public record FaultSpec(List<FaultRule> rules, long seed) {

  /** The seed used when none is given. */
  public static final long DEFAULT_SEED = 1L;

  /** A one-paragraph summary of the grammar, used in error messages and help texts. */
  public static final String GRAMMAR =
      "SPEC is a comma-separated list of FAULT[TRIGGER...] (or \"none\"), optionally with"
          + " seed=N. FAULTs: latency=DUR or latency=DUR..DUR, status=CODE (400..599),"
          + " 429 or 429=DUR (Retry-After, whole seconds), reset, hang=DUR, dribble=DUR or"
          + " dribble=DUR/CHUNKS. TRIGGERs: @RATE (0.2 or 20%), #N or #N-M or #N- (request"
          + " numbers from 1), ~DUR-DUR or ~DUR- (time since set). DUR is a number with ms, s"
          + " or m: 250ms, 1.5s, 2m. Example: latency=200ms@0.5,status=503#1-5,429=2s@0.1";

  /** No faults, default seed. */
  public static final FaultSpec NONE = new FaultSpec(List.of(), DEFAULT_SEED);

  /** Copies the rule list. */
  public FaultSpec {
    rules = List.copyOf(Objects.requireNonNull(rules, "rules"));
  }

  /** A spec with the given rules and the default seed. */
  public static FaultSpec of(FaultRule... rules) {
    return new FaultSpec(List.of(rules), DEFAULT_SEED);
  }

  /**
   * Parses a SPEC string (see the class documentation for the grammar).
   *
   * @throws FaultSpecException saying which item is wrong, why, and what is valid
   */
  public static FaultSpec parse(String spec) {
    return FaultSpecParser.parse(Objects.requireNonNull(spec, "spec"));
  }

  /** This spec with another seed. */
  public FaultSpec withSeed(long newSeed) {
    return new FaultSpec(rules, newSeed);
  }

  /** Whether there are no rules. */
  public boolean isEmpty() {
    return rules.isEmpty();
  }

  /** The canonical SPEC: {@code none}, or the rules joined by commas, {@code seed=N} first. */
  @Override
  public String toString() {
    String joined = rules.stream().map(FaultRule::toString).collect(Collectors.joining(","));
    if (seed != DEFAULT_SEED) {
      return joined.isEmpty() ? "seed=" + seed : "seed=" + seed + "," + joined;
    }
    return joined.isEmpty() ? "none" : joined;
  }
}
