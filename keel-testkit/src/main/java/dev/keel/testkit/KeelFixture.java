package dev.keel.testkit;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Marks an instance field that {@link KeelTestExtension} fills with a fresh fixture before each
 * test: a {@link dev.keel.core.ManualClock} (also for fields typed {@link dev.keel.core.KeelClock})
 * or an {@link dev.keel.idempotency.InMemoryIdempotencyStore} (also for fields typed {@link
 * dev.keel.idempotency.IdempotencyStore}) running on that clock, or a {@link JobsTestSupport} (a
 * fresh embedded job queue). Within one test, fields and parameters of these types all get the same
 * instances.
 *
 * <pre>{@code
 * class CooldownTest {
 *   @KeelFixture ManualClock clock;
 *   @KeelFixture InMemoryIdempotencyStore store;
 *
 *   @Test
 *   void expires() { ...; clock.advance(Duration.ofMinutes(16)); ... }
 * }
 * }</pre>
 */
@Target(ElementType.FIELD)
@Retention(RetentionPolicy.RUNTIME)
@Documented
@ExtendWith(KeelTestExtension.class)
public @interface KeelFixture {}
