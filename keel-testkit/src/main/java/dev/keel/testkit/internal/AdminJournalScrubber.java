package dev.keel.testkit.internal;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.extension.Parameters;
import com.github.tomakehurst.wiremock.extension.ServeEventListener;
import com.github.tomakehurst.wiremock.stubbing.ServeEvent;
import java.util.Objects;
import java.util.function.Supplier;

/**
 * Removes calls to {@code /__keel/*} from WireMock's request journal once they complete, so request
 * counts and {@code /__admin/requests} show only traffic to the mocked service.
 */
public final class AdminJournalScrubber implements ServeEventListener {

  /** The WireMock extension name. */
  public static final String NAME = "keel-admin-scrubber";

  private final Supplier<WireMockServer> server;

  /** A scrubber for the server returned by {@code server} (looked up per event). */
  public AdminJournalScrubber(Supplier<WireMockServer> server) {
    this.server = Objects.requireNonNull(server, "server");
  }

  @Override
  public String getName() {
    return NAME;
  }

  @Override
  public void afterComplete(ServeEvent serveEvent, Parameters parameters) {
    if (Journal.pathOf(serveEvent.getRequest().getUrl()).startsWith(Journal.ADMIN_PREFIX)) {
      server.get().removeServeEvent(serveEvent.getId());
    }
  }
}
