package dev.keel.testkit.internal;

import com.github.tomakehurst.wiremock.common.Notifier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Routes WireMock's notifications to the application's SLF4J (WireMock's standalone jar shades its
 * own SLF4J, which would otherwise print nothing). Per-request chatter goes to DEBUG.
 */
public final class Slf4jWireMockNotifier implements Notifier {

  private static final Logger LOG = LoggerFactory.getLogger("dev.keel.testkit.wiremock");

  @Override
  public void info(String message) {
    LOG.debug("{}", message);
  }

  @Override
  public void error(String message) {
    LOG.warn("{}", message);
  }

  @Override
  public void error(String message, Throwable t) {
    LOG.warn("{}", message, t);
  }
}
