/**
 * Keel's testkit: what users need to test against Keel and against flaky downstreams.
 *
 * <ul>
 *   <li>{@link dev.keel.testkit.FaultyMock}: a WireMock-based mock downstream with a fault layer
 *       (latency, error statuses, {@code 429} with {@code Retry-After}, connection resets, hangs,
 *       slow bodies) by rate or schedule, switchable at run time from code or over {@code
 *       /__keel/faults}. The fault grammar is on {@link dev.keel.testkit.FaultSpec}.
 *   <li>{@link dev.keel.testkit.KeelMock} / {@link dev.keel.testkit.KeelMockExtension}: the mock
 *       per test or per class in JUnit Jupiter.
 *   <li>{@link dev.keel.testkit.KeelFixture} / {@link dev.keel.testkit.KeelTestExtension}: a fresh
 *       {@link dev.keel.core.ManualClock}, in-memory idempotency store and {@link
 *       dev.keel.testkit.JobsTestSupport} per test.
 *   <li>{@link dev.keel.testkit.JobsTestSupport}: an embedded job queue whose jobs run on the test
 *       thread ({@code runAll()}), with {@link dev.keel.testkit.JobExpectation} checks on outcome,
 *       attempts and DLQ envelope.
 *   <li>{@link dev.keel.testkit.MockServerCommand}: the mock as a process ({@code keel mock}).
 * </ul>
 *
 * <p>Everything here is meant for test scope. Immutable values (specs, rules, journal entries) are
 * thread-safe; a mock is thread-safe; the JUnit extensions are stateless (state lives in JUnit's
 * extension-context stores). Types under {@code dev.keel.testkit.internal} are not API.
 */
package dev.keel.testkit;
