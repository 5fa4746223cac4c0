package dev.keel.testkit;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.client.MappingBuilder;
import com.github.tomakehurst.wiremock.core.WireMockConfiguration;
import com.github.tomakehurst.wiremock.matching.RequestPatternBuilder;
import com.github.tomakehurst.wiremock.stubbing.StubMapping;
import dev.keel.testkit.internal.AdminFilter;
import dev.keel.testkit.internal.AdminJournalScrubber;
import dev.keel.testkit.internal.FaultEngine;
import dev.keel.testkit.internal.FaultTransformer;
import dev.keel.testkit.internal.Journal;
import dev.keel.testkit.internal.Slf4jWireMockNotifier;
import dev.keel.testkit.internal.StubLocation;
import java.net.URI;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A mock downstream service that injects faults: WireMock serving stubs (from files or code), with
 * a fault layer on top of every response — added latency, error statuses, {@code 429} with {@code
 * Retry-After}, connection resets, hangs and slow bodies — by rate or schedule (see {@link
 * FaultSpec}).
 *
 * <pre>{@code
 * try (FaultyMock payment = FaultyMock.builder().stubs("classpath:stubs/payment").start()) {
 *   payment.setFaults("status=503#1-2");       // the next two requests fail
 *   // ... point the client at payment.baseUrl() ...
 *   assertThat(payment.journal()).hasSize(3);
 * }
 * }</pre>
 *
 * <p>Faults can be switched while requests are in flight, from code ({@link #setFaults}) or over
 * HTTP on the mock's own port ({@code POST /__keel/faults}); each request sees either the old or
 * the new faults, never a mix. WireMock's full API stays available through {@link #wireMock()}.
 *
 * <p>Thread-safe. Close it to stop the server; closing twice is harmless.
 */
public final class FaultyMock implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(FaultyMock.class);

  /** Threads that send delayed responses; waiting itself holds none. */
  private static final int ASYNC_RESPONSE_THREADS = 8;

  private final WireMockServer server;
  private final FaultEngine engine;
  private final FaultSpec initialFaults;
  private final StubLocation stubs;
  private final String host;
  private final String name;

  /** The bound port, kept so {@link #baseUrl()} still answers after {@link #close()}. */
  private final int port;

  private FaultyMock(
      WireMockServer server,
      FaultEngine engine,
      FaultSpec initialFaults,
      StubLocation stubs,
      String host,
      String name) {
    this.server = server;
    this.engine = engine;
    this.initialFaults = initialFaults;
    this.stubs = stubs;
    this.host = host;
    this.name = name;
    this.port = server.port();
  }

  /** A builder with the defaults listed on {@link FaultyMockBuilder}. */
  public static FaultyMockBuilder builder() {
    return new FaultyMockBuilder();
  }

  static FaultyMock start(FaultyMockBuilder b) {
    FaultEngine engine = new FaultEngine(b.clock, b.faults);
    AtomicReference<WireMockServer> ref = new AtomicReference<>();
    WireMockConfiguration options =
        WireMockConfiguration.options()
            .port(b.port)
            .bindAddress(b.bindAddress)
            .notifier(new Slf4jWireMockNotifier())
            .maxRequestJournalEntries(b.maxJournalEntries)
            // Delays (latency, hang) wait on a scheduler instead of holding a Jetty thread, so
            // many hanging requests cannot starve the ones that should be answered.
            .asynchronousResponseEnabled(true)
            .asynchronousResponseThreads(ASYNC_RESPONSE_THREADS)
            .extensions(
                new FaultTransformer(engine),
                new AdminFilter(engine, ref::get),
                new AdminJournalScrubber(ref::get));
    b.stubs.applyTo(options);
    WireMockServer server;
    try {
      server = new WireMockServer(options);
      ref.set(server);
      server.start();
    } catch (RuntimeException e) {
      throw new IllegalStateException(
          "mock \""
              + b.name
              + "\" could not start on "
              + b.bindAddress
              + ":"
              + b.port
              + " with stubs "
              + b.stubs.description()
              + ": "
              + e.getMessage(),
          e);
    }
    String host =
        b.bindAddress.equals("0.0.0.0") || b.bindAddress.equals("::") ? "localhost" : b.bindAddress;
    FaultyMock mock = new FaultyMock(server, engine, b.faults, b.stubs, host, b.name);
    LOG.info(
        "mock {} listening on {} (stubs {}, {} mappings, faults {})",
        b.name,
        mock.baseUrl(),
        b.stubs.description(),
        server.getStubMappings().size(),
        b.faults);
    return mock;
  }

  /** The port the mock listens on. */
  public int port() {
    return port;
  }

  /** The base URL, e.g. {@code http://127.0.0.1:54321}, without a trailing slash. */
  public String baseUrl() {
    return "http://" + (host.contains(":") ? "[" + host + "]" : host) + ":" + port();
  }

  /** {@link #baseUrl()} plus {@code path} (which should start with {@code /}). */
  public URI uri(String path) {
    return URI.create(baseUrl() + path);
  }

  /** The name given to the builder, for log lines. */
  public String name() {
    return name;
  }

  /** Where the stub files came from, e.g. {@code classpath:stubs/payment} or {@code (none)}. */
  public String stubsDescription() {
    return stubs.description();
  }

  /** Adds a stub from code, as WireMock's {@code stubFor}. */
  public StubMapping stubFor(MappingBuilder mapping) {
    return server.stubFor(Objects.requireNonNull(mapping, "mapping"));
  }

  /**
   * The underlying WireMock server, for anything this class does not wrap (verification, scenarios,
   * near misses). Do not stop it directly; close this mock instead.
   */
  public WireMockServer wireMock() {
    return server;
  }

  /** Puts {@code spec} in force from now; request numbering and time windows restart. */
  public void setFaults(FaultSpec spec) {
    engine.set(Objects.requireNonNull(spec, "spec"));
  }

  /**
   * Puts the faults in the SPEC string in force from now.
   *
   * @throws FaultSpecException if the SPEC is invalid; the faults in force do not change
   */
  public void setFaults(String spec) {
    setFaults(FaultSpec.parse(spec));
  }

  /** No faults from now (keeps the current seed). */
  public void clearFaults() {
    engine.set(FaultSpec.NONE.withSeed(engine.current().seed()));
  }

  /** The faults in force. */
  public FaultSpec faults() {
    return engine.current();
  }

  /** Requests seen since the faults were last set (or the mock started). */
  public long requestsSinceFaultsSet() {
    return engine.requestsSinceSet();
  }

  /** The journaled requests, oldest first, without calls to the {@code /__keel} endpoints. */
  public List<JournalEntry> journal() {
    return Journal.entries(server);
  }

  /**
   * How many journaled requests match {@code pattern}, e.g. {@code
   * postRequestedFor(urlPathEqualTo("/charges"))} — the way to assert "charged exactly once".
   */
  public int countRequests(RequestPatternBuilder pattern) {
    return server.countRequestsMatching(pattern.build()).getCount();
  }

  /** Empties the request journal. */
  public void resetJournal() {
    server.resetRequests();
  }

  /**
   * Back to the state at start: stubs reloaded from the stub files (stubs added in code are gone),
   * the initial faults in force with numbering from 1, journal and scenarios cleared.
   */
  public void reset() {
    server.resetToDefaultMappings();
    server.resetScenarios();
    server.resetRequests();
    engine.set(initialFaults);
  }

  /**
   * Back to the initial faults with an empty journal, keeping every stub (the per-test reset of a
   * mock shared by a test class).
   */
  public void resetFaultsAndJournal() {
    server.resetRequests();
    server.resetScenarios();
    engine.set(initialFaults);
  }

  /** Whether the server is running. */
  public boolean isRunning() {
    return server.isRunning();
  }

  /**
   * Stops the server; requests in flight (a hang) are cut off. Idempotent, and it completes even
   * when the calling thread is interrupted (the interrupt flag is kept).
   */
  @Override
  public void close() {
    if (!server.isRunning()) {
      return;
    }
    // Jetty's stop waits on a future and gives up (leaving the port bound) if the calling thread
    // is interrupted, which is exactly when a command is told to stop; stop first, then restore.
    boolean interrupted = Thread.interrupted();
    try {
      server.stop();
      LOG.debug("mock {} stopped", name);
    } finally {
      if (interrupted) {
        Thread.currentThread().interrupt();
      }
    }
  }

  @Override
  public String toString() {
    return "FaultyMock[" + name + " " + baseUrl() + ", faults " + faults() + "]";
  }
}
