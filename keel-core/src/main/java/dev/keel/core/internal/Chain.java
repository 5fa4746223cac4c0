package dev.keel.core.internal;

import java.util.concurrent.Callable;

/**
 * The rest of a {@code Pipeline} below one layer, reachable without a per-call object: a layer that
 * implements {@link Layer} gets the chain, the index of the next layer and the caller's {@code
 * Callable}, and runs the rest with {@link #proceed}, passing them back unchanged. A wrapping
 * {@code Callable} per layer and call would cost an allocation each time the JIT cannot prove it
 * does not escape, which through an interface call it usually cannot.
 *
 * <p>Implementations are stateless and thread-safe.
 */
@FunctionalInterface
public interface Chain {

  /** Runs {@code call} directly: the chain of a policy used on its own. */
  Chain DIRECT =
      new Chain() {
        @Override
        public <T> T proceed(int index, Callable<T> call) throws Exception {
          return call.call();
        }
      };

  /** Runs the layers from {@code index} on, then {@code call}. */
  <T> T proceed(int index, Callable<T> call) throws Exception;

  /** A policy that can run the rest of a chain in place of a {@code Callable}. */
  interface Layer {

    /**
     * Does what {@code Policy.call} does, with {@code rest.proceed(index, call)} in place of {@code
     * call.call()}.
     */
    <T> T callThrough(Chain rest, int index, Callable<T> call) throws Exception;
  }
}
