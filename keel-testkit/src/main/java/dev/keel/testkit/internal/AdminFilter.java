package dev.keel.testkit.internal;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.common.Json;
import com.github.tomakehurst.wiremock.extension.requestfilter.RequestFilterAction;
import com.github.tomakehurst.wiremock.extension.requestfilter.StubRequestFilterV2;
import com.github.tomakehurst.wiremock.http.Request;
import com.github.tomakehurst.wiremock.http.RequestMethod;
import com.github.tomakehurst.wiremock.http.ResponseDefinition;
import com.github.tomakehurst.wiremock.stubbing.ServeEvent;
import dev.keel.testkit.FaultSpec;
import dev.keel.testkit.FaultSpecException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.function.Supplier;

/**
 * Serves Keel's admin endpoints on the mock's own port, before stub matching:
 *
 * <ul>
 *   <li>{@code GET /__keel/faults}: the faults in force;
 *   <li>{@code POST /__keel/faults}: set faults from a SPEC (plain text body) or {@code {"spec":
 *       "...", "seed": 7}} (JSON body); answers 400 problem+json for a bad SPEC and changes
 *       nothing;
 *   <li>{@code DELETE /__keel/faults}: no faults;
 *   <li>{@code GET /__keel/journal[?limit=N]}: request journal summary ({@link Journal#summary});
 *   <li>{@code DELETE /__keel/journal}: clear the journal.
 * </ul>
 */
public final class AdminFilter implements StubRequestFilterV2 {

  /** The WireMock extension name. */
  public static final String NAME = "keel-admin";

  private static final int DEFAULT_LIMIT = 100;

  private final FaultEngine engine;
  private final Supplier<WireMockServer> server;

  /**
   * @param engine the faults to read and switch
   * @param server the server, looked up per request (it exists only after the extension is built)
   */
  public AdminFilter(FaultEngine engine, Supplier<WireMockServer> server) {
    this.engine = Objects.requireNonNull(engine, "engine");
    this.server = Objects.requireNonNull(server, "server");
  }

  @Override
  public String getName() {
    return NAME;
  }

  @Override
  public RequestFilterAction filter(Request request, ServeEvent serveEvent) {
    String path = Journal.pathOf(request.getUrl());
    if (!path.startsWith(Journal.ADMIN_PREFIX)) {
      return RequestFilterAction.continueWith(request);
    }
    return RequestFilterAction.stopWith(route(path, request));
  }

  private ResponseDefinition route(String path, Request request) {
    RequestMethod method = request.getMethod();
    return switch (path) {
      case "/__keel/faults" -> {
        if (method.equals(RequestMethod.GET)) {
          yield json(200, faultsBody());
        } else if (method.equals(RequestMethod.POST)) {
          yield setFaults(request);
        } else if (method.equals(RequestMethod.DELETE)) {
          engine.set(FaultSpec.NONE.withSeed(engine.current().seed()));
          yield json(200, faultsBody());
        }
        yield problem(405, "method not allowed", "use GET, POST or DELETE on /__keel/faults");
      }
      case "/__keel/journal" -> {
        if (method.equals(RequestMethod.GET)) {
          yield journal(request);
        } else if (method.equals(RequestMethod.DELETE)) {
          server.get().resetRequests();
          yield json(200, Map.of("total", 0));
        }
        yield problem(405, "method not allowed", "use GET or DELETE on /__keel/journal");
      }
      default ->
          problem(
              404,
              "no such admin endpoint",
              "Keel's admin endpoints are /__keel/faults (GET, POST, DELETE) and /__keel/journal"
                  + " (GET, DELETE); WireMock's own are under /__admin");
    };
  }

  private ResponseDefinition setFaults(Request request) {
    String body = new String(request.getBody(), StandardCharsets.UTF_8).strip();
    try {
      FaultSpec spec;
      if (body.startsWith("{")) {
        Map<?, ?> map = Json.read(body, Map.class);
        Object specText = map.get("spec");
        if (!(specText instanceof String s)) {
          return problem(
              400,
              "invalid fault request",
              "a JSON body needs a string field \"spec\", e.g. {\"spec\":\"status=503#1-5\"}");
        }
        spec = FaultSpec.parse(s);
        Object seed = map.get("seed");
        if (seed instanceof Number n) {
          spec = spec.withSeed(n.longValue());
        } else if (seed != null) {
          return problem(400, "invalid fault request", "\"seed\" must be an integer");
        }
      } else {
        spec = FaultSpec.parse(body);
      }
      engine.set(spec);
      return json(200, faultsBody());
    } catch (FaultSpecException e) {
      return problem(400, "invalid fault spec", e.getMessage());
    } catch (RuntimeException e) {
      return problem(400, "invalid fault request", "the body is not valid JSON: " + e.getMessage());
    }
  }

  private ResponseDefinition journal(Request request) {
    int limit = DEFAULT_LIMIT;
    var param = request.queryParameter("limit");
    if (param.isPresent()) {
      String v = param.firstValue();
      if (!v.matches("\\d{1,6}")) {
        return problem(400, "invalid limit", "limit must be a whole number up to 999999");
      }
      limit = Integer.parseInt(v);
    }
    return json(200, Journal.summary(server.get(), limit));
  }

  private Map<String, Object> faultsBody() {
    FaultSpec spec = engine.current();
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("spec", spec.toString());
    m.put("seed", spec.seed());
    m.put("rules", spec.rules().stream().map(Object::toString).toList());
    m.put("requestsSinceSet", engine.requestsSinceSet());
    return m;
  }

  private static ResponseDefinition json(int status, Object body) {
    return new ResponseDefinitionBuilder()
        .withStatus(status)
        .withHeader("Content-Type", "application/json")
        .withBody(Json.write(body))
        .build();
  }

  private static ResponseDefinition problem(int status, String title, String detail) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("type", "urn:keel:testkit:admin");
    m.put("title", title);
    m.put("status", status);
    m.put("detail", detail);
    return new ResponseDefinitionBuilder()
        .withStatus(status)
        .withHeader("Content-Type", "application/problem+json")
        .withBody(Json.write(m))
        .build();
  }
}
