package dev.keel.server.internal.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code keel mock}: reserved for the fault-injecting mock downstream; not built yet. */
@Command(
    name = "mock",
    mixinStandardHelpOptions = true,
    description = "A fault-injecting mock downstream for local development (not yet available).")
public final class MockCommand implements Callable<Integer> {

  @Spec CommandSpec spec;

  /** Picocli instantiates it. */
  public MockCommand() {}

  @Override
  public Integer call() {
    spec.commandLine()
        .getErr()
        .println(
            "keel mock is not yet available in this build; it arrives with keel-testkit."
                + " Use 'keel server' or 'keel worker' meanwhile.");
    return 2;
  }
}
