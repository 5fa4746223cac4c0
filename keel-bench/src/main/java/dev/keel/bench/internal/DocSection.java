package dev.keel.bench.internal;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/**
 * Replaces one marked section of a markdown file, {@code <!-- name:begin -->} to {@code <!--
 * name:end -->}, leaving everything else as it was; appends the section when the markers are
 * missing. Writes through a temporary file and a move, so a crash never leaves half a document.
 */
public final class DocSection {

  private DocSection() {}

  /**
   * Writes {@code body} between the markers of section {@code name} in {@code doc}.
   *
   * @throws IOException when the file cannot be read or written
   * @throws IllegalStateException when only one of the two markers is present, or they are out of
   *     order (the document was hand-edited; fix it rather than guess)
   */
  public static void replace(Path doc, String name, String body) throws IOException {
    String begin = "<!-- " + name + ":begin -->";
    String end = "<!-- " + name + ":end -->";
    String text = Files.exists(doc) ? Files.readString(doc, StandardCharsets.UTF_8) : "";
    String block = begin + "\n" + body.strip() + "\n" + end;
    int b = text.indexOf(begin);
    int e = text.indexOf(end);
    String updated;
    if (b < 0 && e < 0) {
      updated = (text.isEmpty() || text.endsWith("\n") ? text : text + "\n") + "\n" + block + "\n";
    } else if (b < 0 || e < 0 || e < b) {
      throw new IllegalStateException(
          doc
              + ": markers of section '"
              + name
              + "' are unbalanced or out of order; expected '"
              + begin
              + "' before '"
              + end
              + "'");
    } else {
      updated = text.substring(0, b) + block + text.substring(e + end.length());
    }
    Path parent = doc.toAbsolutePath().getParent();
    Files.createDirectories(parent);
    Path tmp = Files.createTempFile(parent, ".benchmarks", ".md");
    Files.writeString(tmp, updated, StandardCharsets.UTF_8);
    Files.move(tmp, doc, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
  }
}
