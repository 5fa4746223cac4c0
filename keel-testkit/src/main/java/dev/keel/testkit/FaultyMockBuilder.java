package dev.keel.testkit;

import dev.keel.core.KeelClock;
import dev.keel.testkit.internal.StubLocation;
import java.nio.file.Path;
import java.util.Objects;

/**
 * Configures and starts a {@link FaultyMock}. Each setter checks its argument at once and throws
 * {@link IllegalArgumentException} naming the setting and the bad value.
 *
 * <p>Defaults: a free port on {@code 127.0.0.1}, no stub files, no faults, the system clock, at
 * most 10,000 journaled requests.
 *
 * <p>Not thread-safe; use one builder from one thread.
 */
public final class FaultyMockBuilder {

  int port;
  String bindAddress = "127.0.0.1";
  StubLocation stubs = StubLocation.NONE;
  FaultSpec faults = FaultSpec.NONE;
  KeelClock clock = KeelClock.system();
  int maxJournalEntries = 10_000;
  String name = "mock";

  FaultyMockBuilder() {}

  /**
   * The port to listen on [0: a free port].
   *
   * @throws IllegalArgumentException if not in 0..65535
   */
  public FaultyMockBuilder port(int port) {
    if (port < 0 || port > 65_535) {
      throw new IllegalArgumentException(
          "port must be in 0..65535 (0 = any free port), was " + port);
    }
    this.port = port;
    return this;
  }

  /**
   * The address to bind [{@code 127.0.0.1}]; {@code 0.0.0.0} for every interface (in a container).
   *
   * @throws IllegalArgumentException if blank
   */
  public FaultyMockBuilder bindAddress(String address) {
    Objects.requireNonNull(address, "bindAddress");
    if (address.isBlank()) {
      throw new IllegalArgumentException("bindAddress must not be blank");
    }
    this.bindAddress = address.strip();
    return this;
  }

  /**
   * Stub files from a directory in WireMock's layout: {@code mappings/*.json} and optionally {@code
   * __files/} for bodies.
   *
   * @throws IllegalArgumentException if the directory or its {@code mappings} subdirectory is
   *     missing
   */
  public FaultyMockBuilder stubs(Path directory) {
    this.stubs = StubLocation.directory(Objects.requireNonNull(directory, "stubs"));
    return this;
  }

  /**
   * Stub files from a location: {@code classpath:stubs/payment}, a directory path, or a classpath
   * folder when no such directory exists; blank for none.
   *
   * @throws IllegalArgumentException if the location cannot be found
   */
  public FaultyMockBuilder stubs(String location) {
    this.stubs = StubLocation.resolve(location);
    return this;
  }

  /** The faults in force from the start [none]. */
  public FaultyMockBuilder faults(FaultSpec spec) {
    this.faults = Objects.requireNonNull(spec, "faults");
    return this;
  }

  /**
   * The faults in force from the start, as a SPEC string (see {@link FaultSpec}).
   *
   * @throws FaultSpecException if the SPEC is invalid
   */
  public FaultyMockBuilder faults(String spec) {
    return faults(FaultSpec.parse(Objects.requireNonNull(spec, "faults")));
  }

  /**
   * The clock that times fault windows ({@code ~10s-30s}) [system clock]. A {@link
   * dev.keel.core.ManualClock} lets a test step through a window.
   */
  public FaultyMockBuilder clock(KeelClock clock) {
    this.clock = Objects.requireNonNull(clock, "clock");
    return this;
  }

  /**
   * How many requests the journal keeps, oldest dropped first [10,000].
   *
   * @throws IllegalArgumentException if not positive
   */
  public FaultyMockBuilder maxJournalEntries(int max) {
    if (max < 1) {
      throw new IllegalArgumentException("maxJournalEntries must be positive, was " + max);
    }
    this.maxJournalEntries = max;
    return this;
  }

  /**
   * A name for log lines, e.g. the downstream it stands in for ["mock"].
   *
   * @throws IllegalArgumentException if blank
   */
  public FaultyMockBuilder name(String name) {
    Objects.requireNonNull(name, "name");
    if (name.isBlank()) {
      throw new IllegalArgumentException("name must not be blank");
    }
    this.name = name.strip();
    return this;
  }

  /**
   * Starts the mock.
   *
   * @throws IllegalStateException if the server cannot start (port in use) or a stub file is not
   *     valid WireMock JSON; the message names the location and the cause
   */
  public FaultyMock start() {
    return FaultyMock.start(this);
  }
}
