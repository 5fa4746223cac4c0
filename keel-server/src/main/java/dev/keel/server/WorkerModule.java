package dev.keel.server;

import dev.keel.jobs.Jobs;

/**
 * Job handlers that {@code keel worker} runs. Implement it, list the class in {@code
 * META-INF/services/dev.keel.server.WorkerModule} of your jar (or name it with {@code --module}),
 * and start {@code keel worker --classpath your.jar}: the worker registers your handlers on a
 * {@link Jobs} over the same store as the server ({@code KEEL_DATABASE_URL}) and runs them until
 * SIGTERM.
 *
 * <p>Implementations need a public no-argument constructor. {@link #register} is called once,
 * before the workers start.
 */
public interface WorkerModule {

  /** Registers handlers with {@code jobs.register(type, payloadClass, handler)}. */
  void register(Jobs jobs);
}
