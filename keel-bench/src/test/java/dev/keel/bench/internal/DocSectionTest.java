package dev.keel.bench.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DocSectionTest {

  @TempDir Path dir;

  @Test
  void replacesOnlyItsOwnSection() throws Exception {
    Path doc = dir.resolve("benchmarks.md");
    Files.writeString(
        doc,
        """
        # Benchmarks
        <!-- primitives:begin -->
        old table
        <!-- primitives:end -->
        ## Queue
        <!-- queue:begin -->
        queue table
        <!-- queue:end -->
        tail
        """);

    DocSection.replace(doc, "primitives", "new table\n");

    assertThat(Files.readString(doc))
        .isEqualTo(
            """
            # Benchmarks
            <!-- primitives:begin -->
            new table
            <!-- primitives:end -->
            ## Queue
            <!-- queue:begin -->
            queue table
            <!-- queue:end -->
            tail
            """);
  }

  @Test
  void appendsTheSectionWhenTheMarkersAreMissing() throws Exception {
    Path doc = dir.resolve("benchmarks.md");
    Files.writeString(doc, "# Benchmarks");

    DocSection.replace(doc, "queue", "table");

    assertThat(Files.readString(doc))
        .isEqualTo("# Benchmarks\n\n<!-- queue:begin -->\ntable\n<!-- queue:end -->\n");
  }

  @Test
  void refusesUnbalancedMarkersAndLeavesTheFileAlone() throws Exception {
    Path doc = dir.resolve("benchmarks.md");
    String text = "<!-- queue:end -->\n<!-- queue:begin -->\n";
    Files.writeString(doc, text);

    assertThatThrownBy(() -> DocSection.replace(doc, "queue", "table"))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("markers of section 'queue'");
    assertThat(Files.readString(doc)).isEqualTo(text);
  }
}
