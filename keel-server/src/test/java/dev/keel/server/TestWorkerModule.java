package dev.keel.server;

import dev.keel.jobs.Jobs;
import java.util.Map;

/** Handlers for WorkerCommandTest: "greet" completes, "explode" fails without retry. */
public final class TestWorkerModule implements WorkerModule {

  /** Loaded by {@code keel worker --module}. */
  public TestWorkerModule() {}

  @Override
  public void register(Jobs jobs) {
    jobs.register(
        "greet",
        Map.class,
        (ctx, payload) -> {
          if (!payload.containsKey("name")) {
            throw new IllegalArgumentException("no name");
          }
        });
  }
}
