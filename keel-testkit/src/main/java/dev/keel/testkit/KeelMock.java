package dev.keel.testkit;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Gives a test a running {@link FaultyMock}, started and stopped by {@link KeelMockExtension}.
 *
 * <ul>
 *   <li>On a {@code static} field: one mock per test class, started before all tests and stopped
 *       after; before each test its faults and journal are reset (stubs are kept).
 *   <li>On an instance field: a fresh mock per test, stopped after it.
 *   <li>On a test or lifecycle method parameter: a fresh mock for that method, stopped after it. A
 *       {@code FaultyMock} parameter <em>without</em> the annotation receives the class's single
 *       {@code @KeelMock} field.
 * </ul>
 *
 * <pre>{@code
 * class PaymentClientTest {
 *   @KeelMock(stubs = "classpath:stubs/payment", faults = "status=503#1")
 *   FaultyMock payment;
 *
 *   @Test
 *   void retriesOnce() { ... payment.baseUrl() ... }
 * }
 * }</pre>
 */
@Target({ElementType.FIELD, ElementType.PARAMETER})
@Retention(RetentionPolicy.RUNTIME)
@Documented
@ExtendWith(KeelMockExtension.class)
public @interface KeelMock {

  /**
   * Stub files: {@code classpath:stubs/payment}, a directory path, or a classpath folder when no
   * such directory exists; WireMock layout ({@code mappings/*.json}, {@code __files/}). Empty: no
   * stub files [empty].
   */
  String stubs() default "";

  /** The faults in force at start and after each reset, as a {@link FaultSpec} SPEC [none]. */
  String faults() default "";

  /** The port [0: a free port]. */
  int port() default 0;

  /** A name for log lines [the field or parameter name]. */
  String name() default "";
}
