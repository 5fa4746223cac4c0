package dev.keel.testkit;

import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

import org.junit.platform.launcher.core.LauncherDiscoveryRequestBuilder;
import org.junit.platform.launcher.core.LauncherFactory;
import org.junit.platform.launcher.listeners.SummaryGeneratingListener;
import org.junit.platform.launcher.listeners.TestExecutionSummary;

/**
 * Runs a scenario class (a static nested test class, which surefire does not pick up on its own)
 * through the JUnit Platform and returns the summary, so a test can check what an extension did to
 * a whole test class: lifetimes, injection, clean-up, failures.
 */
final class Scenarios {

  private Scenarios() {}

  static TestExecutionSummary run(Class<?> scenario) {
    SummaryGeneratingListener listener = new SummaryGeneratingListener();
    LauncherFactory.create()
        .execute(
            LauncherDiscoveryRequestBuilder.request()
                .selectors(selectClass(scenario))
                .configurationParameter("junit.jupiter.conditions.deactivate", "*ScenarioOnly*")
                .build(),
            listener);
    return listener.getSummary();
  }

  /** The first failure's message, or "" when nothing failed. */
  static String firstFailure(TestExecutionSummary summary) {
    return summary.getFailures().isEmpty()
        ? ""
        : String.valueOf(summary.getFailures().getFirst().getException());
  }
}
