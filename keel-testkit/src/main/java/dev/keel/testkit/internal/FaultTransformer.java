package dev.keel.testkit.internal;

import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.extension.ResponseDefinitionTransformerV2;
import com.github.tomakehurst.wiremock.http.Fault;
import com.github.tomakehurst.wiremock.http.ResponseDefinition;
import com.github.tomakehurst.wiremock.stubbing.ServeEvent;
import com.github.tomakehurst.wiremock.stubbing.SubEvent;
import dev.keel.testkit.FaultAction;
import dev.keel.testkit.FaultRule;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Applies the engine's decision on top of whatever response WireMock chose (a stub, or "not
 * matched"), and records the request number and fired rules on the serve event as a {@value
 * #SUB_EVENT} sub-event, so WireMock's own journal ({@code /__admin/requests}) shows them too.
 * Applied globally: every stub request passes through it exactly once.
 */
public final class FaultTransformer implements ResponseDefinitionTransformerV2 {

  /** The WireMock extension name. */
  public static final String NAME = "keel-faults";

  /** The sub-event type carrying {@code request} (number) and {@code faults} (SPEC strings). */
  public static final String SUB_EVENT = "keel-fault";

  /** The response header naming the fired rules on a faulted response. */
  public static final String FAULT_HEADER = "X-Keel-Fault";

  private final FaultEngine engine;

  /** A transformer driven by {@code engine}. */
  public FaultTransformer(FaultEngine engine) {
    this.engine = Objects.requireNonNull(engine, "engine");
  }

  @Override
  public String getName() {
    return NAME;
  }

  @Override
  public ResponseDefinition transform(ServeEvent serveEvent) {
    FaultDecision d = engine.decide();
    Map<String, Object> data = new LinkedHashMap<>();
    data.put("request", d.requestNumber());
    data.put("faults", d.fired().stream().map(FaultRule::toString).toList());
    serveEvent.appendSubEvent(new SubEvent(SUB_EVENT, data));
    ResponseDefinition original = serveEvent.getResponseDefinition();
    if (d.fired().isEmpty()) {
      return original;
    }
    String label = String.join(",", d.fired().stream().map(FaultRule::toString).toList());
    ResponseDefinitionBuilder b;
    long delay = d.delayMillis();
    switch (d.replacement()) {
      case null -> {
        b = ResponseDefinitionBuilder.like(original);
        Integer own = original.getFixedDelayMilliseconds();
        delay += own == null ? 0 : own;
      }
      case FaultAction.Reset r -> b = new ResponseDefinitionBuilder().withFault(reset());
      case FaultAction.Status s -> b = problem(s.code(), label, d.requestNumber());
      case FaultAction.TooManyRequests t -> {
        b = problem(429, label, d.requestNumber());
        if (!t.retryAfter().isZero()) {
          b = b.withHeader("Retry-After", Long.toString(t.retryAfter().toSeconds()));
        }
      }
      default -> throw new IllegalStateException("not a replacement: " + d.replacement());
    }
    if (!(d.replacement() instanceof FaultAction.Reset)) {
      b = b.withHeader(FAULT_HEADER, label);
    }
    if (delay > 0) {
      b = b.withFixedDelay((int) Math.min(Integer.MAX_VALUE, delay));
    }
    if (d.dribble() != null && !(d.replacement() instanceof FaultAction.Reset)) {
      b = b.withChunkedDribbleDelay(d.dribble().chunks(), (int) d.dribble().total().toMillis());
    }
    return b.build();
  }

  private static Fault reset() {
    return Fault.CONNECTION_RESET_BY_PEER;
  }

  private static ResponseDefinitionBuilder problem(int status, String label, long request) {
    String body =
        "{\"type\":\"urn:keel:testkit:injected-fault\",\"title\":\"Injected fault\",\"status\":"
            + status
            + ",\"detail\":\"keel-testkit injected "
            + label
            + " on request "
            + request
            + "\"}";
    return new ResponseDefinitionBuilder()
        .withStatus(status)
        .withHeader("Content-Type", "application/problem+json")
        .withBody(body);
  }

  /** The fired rules recorded on {@code event}, or an empty list if the event was not faulted. */
  public static List<String> firedOn(ServeEvent event) {
    return event.getSubEvents().stream()
        .filter(s -> SUB_EVENT.equals(s.getType()))
        .findFirst()
        .map(s -> s.getData().get("faults"))
        .filter(List.class::isInstance)
        .map(l -> ((List<?>) l).stream().map(String::valueOf).toList())
        .orElse(List.of());
  }

  /** The request number recorded on {@code event}, or 0 if none was. */
  public static long requestNumberOf(ServeEvent event) {
    return event.getSubEvents().stream()
        .filter(s -> SUB_EVENT.equals(s.getType()))
        .findFirst()
        .map(s -> s.getData().get("request"))
        .filter(Number.class::isInstance)
        .map(n -> ((Number) n).longValue())
        .orElse(0L);
  }
}
