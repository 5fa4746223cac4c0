package dev.keel.testkit;

import dev.keel.core.KeelClock;
import dev.keel.core.ManualClock;
import dev.keel.idempotency.IdempotencyStore;
import dev.keel.idempotency.InMemoryIdempotencyStore;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.Set;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionConfigurationException;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * Gives each test fresh time and storage fixtures, so retries, backoff, breaker cooldowns, leases
 * and retention can be stepped through without waiting:
 *
 * <ul>
 *   <li>{@link ManualClock} (for {@link ManualClock} or {@link KeelClock}): starts at
 *       2026-01-01T00:00:00Z and moves only on {@link ManualClock#advance};
 *   <li>{@link InMemoryIdempotencyStore} (for it or {@link IdempotencyStore}): empty, on the same
 *       clock, with the default retention of 15 minutes; closed after the test;
 *   <li>{@link JobsTestSupport}: a fresh embedded job queue in a temporary directory, with
 *       keel-jobs' defaults; closed and deleted after the test. (The job store runs on the database
 *       clock, not on the manual clock.)
 * </ul>
 *
 * <p>Injected into {@link KeelFixture} fields and resolved as test or lifecycle method parameters.
 * Each test gets new instances; within one test every injection point sees the same ones. Fixtures
 * resolved for a {@code @BeforeAll} method live for the whole class.
 *
 * <p>Stateless and thread-safe; state lives in JUnit's extension-context stores.
 */
public final class KeelTestExtension implements BeforeEachCallback, ParameterResolver {

  private static final ExtensionContext.Namespace NS =
      ExtensionContext.Namespace.create(KeelTestExtension.class);

  private static final Set<Class<?>> SUPPORTED =
      Set.of(
          ManualClock.class,
          KeelClock.class,
          InMemoryIdempotencyStore.class,
          IdempotencyStore.class,
          JobsTestSupport.class);

  /** Creates the extension (JUnit does this). */
  public KeelTestExtension() {}

  @Override
  public void beforeEach(ExtensionContext context) {
    for (Object instance : context.getRequiredTestInstances().getAllInstances()) {
      for (Class<?> c = instance.getClass();
          c != null && c != Object.class;
          c = c.getSuperclass()) {
        for (Field f : c.getDeclaredFields()) {
          if (f.isAnnotationPresent(KeelFixture.class)) {
            inject(f, instance, context);
          }
        }
      }
    }
  }

  private static void inject(Field f, Object instance, ExtensionContext context) {
    if (Modifier.isStatic(f.getModifiers()) || Modifier.isFinal(f.getModifiers())) {
      throw new ExtensionConfigurationException(
          "@KeelFixture field " + f.getName() + " must be a non-final instance field");
    }
    if (!SUPPORTED.contains(f.getType())) {
      throw new ExtensionConfigurationException(
          "@KeelFixture field "
              + f.getName()
              + " has unsupported type "
              + f.getType().getName()
              + "; supported: ManualClock, KeelClock, InMemoryIdempotencyStore, IdempotencyStore,"
              + " JobsTestSupport");
    }
    try {
      f.setAccessible(true);
      f.set(instance, fixture(f.getType(), context));
    } catch (IllegalAccessException e) {
      throw new ExtensionConfigurationException(
          "cannot assign @KeelFixture field " + f.getName(), e);
    }
  }

  @Override
  public boolean supportsParameter(ParameterContext pc, ExtensionContext context) {
    return SUPPORTED.contains(pc.getParameter().getType());
  }

  @Override
  public Object resolveParameter(ParameterContext pc, ExtensionContext context) {
    return fixture(pc.getParameter().getType(), context);
  }

  private static Object fixture(Class<?> type, ExtensionContext context) {
    ExtensionContext.Store store = context.getStore(NS);
    // Keyed by context: stores also answer from parent contexts, and a clock resolved for
    // @BeforeAll must not leak into the tests.
    String owner = context.getUniqueId();
    ManualClock clock =
        store.computeIfAbsent(
            new Key(Kind.CLOCK, owner), k -> new ManualClock(), ManualClock.class);
    if (type == ManualClock.class || type == KeelClock.class) {
      return clock;
    }
    if (type == JobsTestSupport.class) {
      return store.computeIfAbsent(
          new Key(Kind.JOBS, owner), k -> JobsTestSupport.create(), JobsTestSupport.class);
    }
    return store.computeIfAbsent(
        new Key(Kind.IDEMPOTENCY_STORE, owner),
        k -> InMemoryIdempotencyStore.create(clock, InMemoryIdempotencyStore.DEFAULT_RETENTION),
        InMemoryIdempotencyStore.class);
  }

  private enum Kind {
    CLOCK,
    IDEMPOTENCY_STORE,
    JOBS
  }

  private record Key(Kind kind, String contextId) {}
}
