package dev.keel.server.internal.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code keel worker}: runs Java job handlers from the classpath against the store. */
@Command(
    name = "worker",
    mixinStandardHelpOptions = true,
    description = "Runs Java job handlers from the classpath against the job store.")
public final class WorkerCommand implements Callable<Integer> {

  @Spec CommandSpec spec;

  /** Picocli instantiates it. */
  public WorkerCommand() {}

  @Override
  public Integer call() {
    spec.commandLine()
        .getErr()
        .println("keel worker is not yet available in this build: it needs keel-jobs.");
    return 2;
  }
}
