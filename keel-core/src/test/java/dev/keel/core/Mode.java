package dev.keel.core;

import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

/** Runs a scenario through a policy's blocking or asynchronous form, with the same outcome. */
enum Mode {
  SYNC,
  ASYNC;

  /** Calls {@code body} through {@code policy}; the async form rethrows the stage's failure. */
  <T> T call(Policy policy, Callable<T> body) throws Exception {
    if (this == SYNC) {
      return policy.call(body);
    }
    CompletionStage<T> stage = policy.callAsync(() -> completed(body));
    try {
      return stage.toCompletableFuture().get(30, TimeUnit.SECONDS);
    } catch (ExecutionException e) {
      Throwable cause = e.getCause();
      if (cause instanceof Exception ex) {
        throw ex;
      }
      throw (Error) cause;
    }
  }

  /** A stage completed with what {@code body} returns or throws. */
  static <T> CompletionStage<T> completed(Callable<T> body) {
    try {
      return CompletableFuture.completedFuture(body.call());
    } catch (Exception e) {
      return CompletableFuture.failedFuture(e);
    }
  }
}
