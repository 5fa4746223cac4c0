package dev.keel.server.internal.cli;

import picocli.CommandLine.Option;

/** Options every admin verb shares. */
public final class AdminOptions {

  @Option(names = "--url", description = "server URL (KEEL_URL, default http://127.0.0.1:8080)")
  String url;

  @Option(names = "--json", description = "print the API's JSON (for scripts)")
  boolean json;

  /** Picocli instantiates it. */
  public AdminOptions() {}
}
