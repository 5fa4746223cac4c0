package dev.keel.testkit.internal;

import com.github.tomakehurst.wiremock.core.WireMockConfiguration;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Where a mock's stub files come from: a directory or a classpath folder in WireMock's layout
 * ({@code mappings/*.json} with optional {@code __files/} bodies), or nowhere (stubs from code).
 *
 * @param description how the location is shown in messages
 * @param directory the directory, or null
 * @param classpathRoot the classpath folder, or null
 */
public record StubLocation(String description, Path directory, String classpathRoot) {

  /** No stub files. */
  public static final StubLocation NONE = new StubLocation("(none)", null, null);

  /** The prefix that forces a classpath lookup. */
  public static final String CLASSPATH_PREFIX = "classpath:";

  /**
   * A directory.
   *
   * @throws IllegalArgumentException if it is missing or has no {@code mappings} subdirectory
   */
  public static StubLocation directory(Path dir) {
    Path abs = dir.toAbsolutePath().normalize();
    if (!Files.isDirectory(abs)) {
      throw new IllegalArgumentException(
          "stubs directory "
              + abs
              + " does not exist; create it with a mappings/ subdirectory of WireMock JSON"
              + " stub files (and __files/ for response bodies)");
    }
    if (!Files.isDirectory(abs.resolve("mappings"))) {
      throw new IllegalArgumentException(
          "stubs directory "
              + abs
              + " has no mappings/ subdirectory; expected layout: "
              + abs
              + "/mappings/*.json (WireMock stub mappings) and optionally "
              + abs
              + "/__files/ (response bodies)");
    }
    return new StubLocation(abs.toString(), abs, null);
  }

  /**
   * A folder on the classpath, e.g. {@code stubs/payment}.
   *
   * @throws IllegalArgumentException if {@code root/mappings} is not on the classpath
   */
  public static StubLocation classpath(String root) {
    String clean = strip(root);
    if (resource(clean + "/mappings") == null) {
      throw new IllegalArgumentException(
          "stubs \""
              + CLASSPATH_PREFIX
              + clean
              + "\" not found: no "
              + clean
              + "/mappings folder on the classpath (e.g. src/test/resources/"
              + clean
              + "/mappings/*.json)");
    }
    return new StubLocation(CLASSPATH_PREFIX + clean, null, clean);
  }

  /**
   * Resolves a location as written in {@code @KeelMock(stubs = ...)} or {@code --stubs}: empty
   * means none; {@code classpath:x} is a classpath folder; otherwise an existing directory, and
   * failing that a classpath folder.
   *
   * @throws IllegalArgumentException if the location is neither
   */
  public static StubLocation resolve(String location) {
    if (location == null || location.isBlank()) {
      return NONE;
    }
    if (location.startsWith(CLASSPATH_PREFIX)) {
      return classpath(location.substring(CLASSPATH_PREFIX.length()));
    }
    Path path = Path.of(location);
    if (Files.isDirectory(path)) {
      return directory(path);
    }
    if (resource(strip(location) + "/mappings") != null) {
      return classpath(location);
    }
    throw new IllegalArgumentException(
        "stubs \""
            + location
            + "\" is neither a directory (looked in "
            + path.toAbsolutePath().normalize()
            + ") nor a classpath folder with a mappings/ subfolder");
  }

  /** Points WireMock at this location. */
  public void applyTo(WireMockConfiguration options) {
    if (directory != null) {
      options.usingFilesUnderDirectory(directory.toString());
    } else if (classpathRoot != null) {
      options.usingFilesUnderClasspath(classpathRoot);
    } else {
      options.mappingSource(new EmptyMappings());
    }
  }

  private static String strip(String root) {
    String r = root.strip();
    while (r.startsWith("/")) {
      r = r.substring(1);
    }
    while (r.endsWith("/")) {
      r = r.substring(0, r.length() - 1);
    }
    return r;
  }

  private static URL resource(String name) {
    ClassLoader cl = Thread.currentThread().getContextClassLoader();
    if (cl == null) {
      cl = StubLocation.class.getClassLoader();
    }
    return cl.getResource(name);
  }
}
