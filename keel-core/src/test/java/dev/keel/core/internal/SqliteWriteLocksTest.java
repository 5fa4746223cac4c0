package dev.keel.core.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SqliteWriteLocksTest {

  @TempDir Path dir;

  @Test
  void everySpellingOfOneFileGetsTheSameLockBeforeAndAfterTheFileExists() throws Exception {
    Path file = dir.resolve("keel.db");
    var before = SqliteWriteLocks.of(file);
    Files.createFile(file);
    assertThat(SqliteWriteLocks.of(file)).isSameAs(before);
    assertThat(SqliteWriteLocks.of(dir.resolve("sub/../keel.db"))).isSameAs(before);
    Path link = Files.createSymbolicLink(dir.resolve("link"), dir);
    assertThat(SqliteWriteLocks.of(link.resolve("keel.db"))).isSameAs(before);
    assertThat(SqliteWriteLocks.of(dir.resolve("other.db"))).isNotSameAs(before);
  }

  @Test
  void fileOfReadsTheJdbcUrlsKeelAccepts() {
    assertThat(SqliteWriteLocks.fileOf("jdbc:sqlite:./data/keel.db"))
        .isEqualTo(Path.of("./data/keel.db"));
    assertThat(SqliteWriteLocks.fileOf("jdbc:sqlite:file:/tmp/k.db?cache=shared"))
        .isEqualTo(Path.of("/tmp/k.db"));
    assertThat(SqliteWriteLocks.fileOf("jdbc:sqlite::memory:")).isNull();
    assertThat(SqliteWriteLocks.fileOf("jdbc:sqlite:")).isNull();
    assertThat(SqliteWriteLocks.fileOf("jdbc:sqlite:file::memory:?cache=shared")).isNull();
    assertThatThrownBy(() -> SqliteWriteLocks.fileOf("jdbc:postgresql://h/db"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("not a SQLite JDBC URL");
  }
}
