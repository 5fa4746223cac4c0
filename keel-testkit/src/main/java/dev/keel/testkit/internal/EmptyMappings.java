package dev.keel.testkit.internal;

import com.github.tomakehurst.wiremock.standalone.MappingsSource;
import com.github.tomakehurst.wiremock.stubbing.StubMapping;
import com.github.tomakehurst.wiremock.stubbing.StubMappings;
import java.util.List;

/**
 * A mappings source with nothing in it, for a mock with stubs only from code: without it WireMock
 * would load whatever is under {@code src/test/resources/mappings}. Saving is a no-op.
 */
public final class EmptyMappings implements MappingsSource {

  @Override
  public void save(List<StubMapping> stubMappings) {}

  @Override
  public void save(StubMapping stubMapping) {}

  // Abstract in WireMock 3.13 although marked for removal, so it must be implemented.
  @SuppressWarnings("removal")
  @Override
  public void remove(StubMapping stubMapping) {}

  @Override
  public void removeAll() {}

  @Override
  public void loadMappingsInto(StubMappings stubMappings) {}
}
