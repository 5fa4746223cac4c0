package dev.keel.testkit;

import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.lang.reflect.Parameter;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionConfigurationException;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolutionException;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * Starts and stops {@link FaultyMock}s for fields and parameters annotated with {@link KeelMock}
 * (see there for the lifetimes). Registered by the annotation itself; registering it again with
 * {@code @ExtendWith} is harmless.
 *
 * <p>Mocks live in JUnit's extension-context stores and are closed when their context ends (after
 * the test for per-test mocks, after the class for per-class ones), also when the test fails.
 *
 * <p>Stateless and thread-safe; works with parallel test execution.
 */
public final class KeelMockExtension
    implements BeforeAllCallback, AfterAllCallback, BeforeEachCallback, ParameterResolver {

  private static final ExtensionContext.Namespace NS =
      ExtensionContext.Namespace.create(KeelMockExtension.class);

  /** Creates the extension (JUnit does this). */
  public KeelMockExtension() {}

  @Override
  public void beforeAll(ExtensionContext context) {
    Class<?> testClass = context.getRequiredTestClass();
    for (Field f : annotatedFields(testClass)) {
      if (Modifier.isStatic(f.getModifiers())) {
        ExtensionContext.Store store = context.getStore(NS);
        FaultyMock mock = store.get(f, FaultyMock.class);
        if (mock == null) {
          mock = start(f.getAnnotation(KeelMock.class), f.getName());
          store.put(f, mock);
        }
        set(f, null, mock);
      }
    }
  }

  @Override
  public void afterAll(ExtensionContext context) {
    for (Field f : annotatedFields(context.getRequiredTestClass())) {
      if (Modifier.isStatic(f.getModifiers())) {
        // The store closes the mock; clear the field so a stopped mock is not reused by accident.
        set(f, null, null);
      }
    }
  }

  @Override
  public void beforeEach(ExtensionContext context) {
    for (Object instance : context.getRequiredTestInstances().getAllInstances()) {
      for (Field f : annotatedFields(instance.getClass())) {
        if (Modifier.isStatic(f.getModifiers())) {
          FaultyMock shared = (FaultyMock) get(f, null);
          if (shared != null) {
            shared.resetFaultsAndJournal();
          }
        } else {
          FaultyMock mock = start(f.getAnnotation(KeelMock.class), f.getName());
          context.getStore(NS).put(new FieldKey(f, instance), mock);
          set(f, instance, mock);
        }
      }
    }
  }

  @Override
  public boolean supportsParameter(ParameterContext pc, ExtensionContext context) {
    return pc.getParameter().getType() == FaultyMock.class;
  }

  @Override
  public Object resolveParameter(ParameterContext pc, ExtensionContext context) {
    Parameter p = pc.getParameter();
    KeelMock annotation = p.getAnnotation(KeelMock.class);
    if (annotation != null) {
      FaultyMock mock = start(annotation, p.getName());
      context.getStore(NS).put(p, mock);
      return mock;
    }
    return sharedFieldMock(context);
  }

  private static FaultyMock sharedFieldMock(ExtensionContext context) {
    List<Object> candidates = new ArrayList<>();
    Class<?> testClass = context.getRequiredTestClass();
    Object instance = context.getTestInstance().orElse(null);
    for (Field f : annotatedFields(testClass)) {
      boolean isStatic = Modifier.isStatic(f.getModifiers());
      if (isStatic || instance != null) {
        candidates.add(get(f, isStatic ? null : instance));
      }
    }
    if (candidates.size() != 1 || candidates.get(0) == null) {
      throw new ParameterResolutionException(
          "a FaultyMock parameter without @KeelMock takes the class's single @KeelMock field, but "
              + testClass.getName()
              + " has "
              + candidates.size()
              + " usable @KeelMock fields; annotate the parameter with @KeelMock to get its own"
              + " mock");
    }
    return (FaultyMock) candidates.get(0);
  }

  private static FaultyMock start(KeelMock a, String defaultName) {
    try {
      return FaultyMock.builder()
          .name(a.name().isBlank() ? defaultName : a.name())
          .port(a.port())
          .stubs(a.stubs())
          .faults(a.faults())
          .start();
    } catch (RuntimeException e) {
      throw new ExtensionConfigurationException(
          "@KeelMock " + defaultName + " could not start: " + e.getMessage(), e);
    }
  }

  private static List<Field> annotatedFields(Class<?> type) {
    List<Field> fields = new ArrayList<>();
    for (Class<?> c = type; c != null && c != Object.class; c = c.getSuperclass()) {
      for (Field f : c.getDeclaredFields()) {
        if (f.isAnnotationPresent(KeelMock.class)) {
          if (f.getType() != FaultyMock.class) {
            throw new ExtensionConfigurationException(
                "@KeelMock field "
                    + f.getName()
                    + " must be of type FaultyMock, is "
                    + f.getType());
          }
          if (Modifier.isFinal(f.getModifiers())) {
            throw new ExtensionConfigurationException(
                "@KeelMock field " + f.getName() + " must not be final: the extension assigns it");
          }
          fields.add(f);
        }
      }
    }
    return fields;
  }

  private static Object get(Field f, Object target) {
    try {
      f.setAccessible(true);
      return f.get(target);
    } catch (IllegalAccessException e) {
      throw new ExtensionConfigurationException("cannot read @KeelMock field " + f.getName(), e);
    }
  }

  private static void set(Field f, Object target, Object value) {
    try {
      f.setAccessible(true);
      f.set(target, value);
    } catch (IllegalAccessException e) {
      throw new ExtensionConfigurationException("cannot assign @KeelMock field " + f.getName(), e);
    }
  }

  /** Store key of a per-test mock: the field and the test instance it belongs to. */
  private record FieldKey(Field field, Object instance) {}
}
