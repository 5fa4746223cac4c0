package dev.keel.testkit.internal;

import dev.keel.testkit.FaultAction;
import dev.keel.testkit.FaultRule;
import dev.keel.testkit.FaultSpec;
import dev.keel.testkit.FaultSpecException;
import dev.keel.testkit.FaultTrigger;
import dev.keel.testkit.FaultTrigger.RequestRange;
import dev.keel.testkit.FaultTrigger.TimeWindow;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/** Parses the fault SPEC grammar documented on {@link FaultSpec}. Stateless. */
public final class FaultSpecParser {

  private static final Pattern DIGITS = Pattern.compile("\\d{1,18}");
  private static final Pattern DECIMAL = Pattern.compile("\\d{1,9}(\\.\\d{1,400})?");
  private static final Pattern SEED = Pattern.compile("-?\\d{1,19}");
  private static final String TRIGGER_CHARS = "@#~";

  private FaultSpecParser() {}

  /**
   * Parses {@code spec}.
   *
   * @throws FaultSpecException for the first bad item
   */
  public static FaultSpec parse(String spec) {
    String trimmed = spec.strip();
    if (trimmed.isEmpty() || trimmed.equalsIgnoreCase("none")) {
      return FaultSpec.NONE;
    }
    List<FaultRule> rules = new ArrayList<>();
    Long seed = null;
    for (String raw : trimmed.split(",", -1)) {
      String item = raw.strip();
      if (item.isEmpty()) {
        throw new FaultSpecException(trimmed, "empty item (two commas in a row or a stray comma)");
      }
      if (item.startsWith("seed=")) {
        if (seed != null) {
          throw new FaultSpecException(item, "seed is given twice");
        }
        seed = parseSeed(item);
      } else {
        rules.add(parseRule(item));
      }
    }
    return new FaultSpec(rules, seed == null ? FaultSpec.DEFAULT_SEED : seed);
  }

  private static long parseSeed(String item) {
    String value = item.substring("seed=".length());
    if (!SEED.matcher(value).matches()) {
      throw new FaultSpecException(item, "seed must be an integer, was \"" + value + "\"");
    }
    try {
      return Long.parseLong(value);
    } catch (NumberFormatException e) {
      throw new FaultSpecException(item, "seed does not fit in 64 bits");
    }
  }

  private static FaultRule parseRule(String item) {
    int split = indexOfTrigger(item, 0);
    FaultAction action = parseAction(item, item.substring(0, split));
    RequestRange requests = RequestRange.ALL;
    TimeWindow window = TimeWindow.ALWAYS;
    double rate = 1.0;
    String seen = "";
    int pos = split;
    while (pos < item.length()) {
      char kind = item.charAt(pos);
      int next = indexOfTrigger(item, pos + 1);
      String body = item.substring(pos + 1, next);
      if (seen.indexOf(kind) >= 0) {
        throw new FaultSpecException(item, "trigger '" + kind + "' is given twice");
      }
      seen += kind;
      try {
        switch (kind) {
          case '@' -> rate = parseRate(body);
          case '#' -> requests = parseRange(body);
          default -> window = parseWindow(body);
        }
      } catch (FaultSpecException e) {
        throw e;
      } catch (IllegalArgumentException e) {
        throw new FaultSpecException(item, e.getMessage());
      }
      pos = next;
    }
    try {
      return new FaultRule(action, new FaultTrigger(requests, window, rate));
    } catch (IllegalArgumentException e) {
      throw new FaultSpecException(item, e.getMessage());
    }
  }

  private static int indexOfTrigger(String s, int from) {
    for (int i = from; i < s.length(); i++) {
      if (TRIGGER_CHARS.indexOf(s.charAt(i)) >= 0) {
        return i;
      }
    }
    return s.length();
  }

  private static FaultAction parseAction(String item, String fault) {
    int eq = fault.indexOf('=');
    String name = (eq < 0 ? fault : fault.substring(0, eq)).toLowerCase(Locale.ROOT);
    String value = eq < 0 ? null : fault.substring(eq + 1);
    try {
      return switch (name) {
        case "reset" -> {
          noValue(item, name, value);
          yield new FaultAction.Reset();
        }
        case "429" ->
            new FaultAction.TooManyRequests(
                value == null ? Duration.ZERO : SpecDurations.parse(value));
        case "latency" -> latency(item, value);
        case "status" -> new FaultAction.Status(statusCode(item, value));
        case "hang" -> new FaultAction.Hang(SpecDurations.parse(required(item, name, value)));
        case "dribble" -> dribble(item, required(item, name, value));
        case "" -> throw new FaultSpecException(item, "a fault is missing before the trigger");
        default ->
            throw new FaultSpecException(
                item,
                "unknown fault \""
                    + name
                    + "\"; valid faults are latency, status, 429, reset, hang, dribble");
      };
    } catch (FaultSpecException e) {
      throw e;
    } catch (IllegalArgumentException e) {
      throw new FaultSpecException(item, e.getMessage());
    }
  }

  private static void noValue(String item, String name, String value) {
    if (value != null) {
      throw new FaultSpecException(item, name + " takes no value; write just \"" + name + "\"");
    }
  }

  private static String required(String item, String name, String value) {
    if (value == null || value.isEmpty()) {
      String example =
          switch (name) {
            case "latency" -> "latency=200ms";
            case "status" -> "status=503";
            case "hang" -> "hang=10s";
            default -> "dribble=2s";
          };
      throw new FaultSpecException(item, name + " needs a value, e.g. " + example);
    }
    return value;
  }

  private static FaultAction latency(String item, String value) {
    String v = required(item, "latency", value);
    int dots = v.indexOf("..");
    if (dots < 0) {
      return FaultAction.Latency.fixed(SpecDurations.parse(v));
    }
    return new FaultAction.Latency(
        SpecDurations.parse(v.substring(0, dots)), SpecDurations.parse(v.substring(dots + 2)));
  }

  private static int statusCode(String item, String value) {
    String v = required(item, "status", value);
    if (!v.matches("\\d{3}")) {
      throw new FaultSpecException(item, "status must be a three-digit code, was \"" + v + "\"");
    }
    return Integer.parseInt(v);
  }

  private static FaultAction dribble(String item, String value) {
    int slash = value.indexOf('/');
    if (slash < 0) {
      return new FaultAction.Dribble(
          SpecDurations.parse(value), FaultAction.Dribble.DEFAULT_CHUNKS);
    }
    String chunks = value.substring(slash + 1);
    if (!chunks.matches("\\d{1,9}")) {
      throw new FaultSpecException(
          item, "dribble chunks must be a whole number, was \"" + chunks + "\"");
    }
    return new FaultAction.Dribble(
        SpecDurations.parse(value.substring(0, slash)), Integer.parseInt(chunks));
  }

  private static double parseRate(String body) {
    boolean percent = body.endsWith("%");
    String number = percent ? body.substring(0, body.length() - 1) : body;
    if (!DECIMAL.matcher(number).matches()) {
      throw new IllegalArgumentException(
          "rate must be a fraction like 0.2 or a percentage like 20%, was \"" + body + "\"");
    }
    BigDecimal value = new BigDecimal(number);
    if (percent) {
      value = value.movePointLeft(2);
    }
    if (value.compareTo(BigDecimal.ONE) > 0) {
      throw new IllegalArgumentException("rate must be at most 1 (100%), was \"" + body + "\"");
    }
    return value.doubleValue();
  }

  private static RequestRange parseRange(String body) {
    int dash = body.indexOf('-');
    String first = dash < 0 ? body : body.substring(0, dash);
    String last = dash < 0 ? first : body.substring(dash + 1);
    if (!DIGITS.matcher(first).matches() || !(last.isEmpty() || DIGITS.matcher(last).matches())) {
      throw new IllegalArgumentException(
          "request numbers must look like #3, #1-5 or #6- (counted from 1), was \"#" + body + "\"");
    }
    return new RequestRange(
        Long.parseLong(first), last.isEmpty() ? Long.MAX_VALUE : Long.parseLong(last));
  }

  private static TimeWindow parseWindow(String body) {
    int dash = body.indexOf('-');
    if (dash < 0) {
      throw new IllegalArgumentException(
          "a time window must look like ~10s-30s or ~10s- (from 10 s on), was \"~" + body + "\"");
    }
    String end = body.substring(dash + 1);
    return new TimeWindow(
        SpecDurations.parse(body.substring(0, dash)),
        end.isEmpty() ? null : SpecDurations.parse(end));
  }
}
