package dev.keel.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.keel.core.internal.SqlCatalog;
import org.junit.jupiter.api.Test;

class SqlCatalogTest {

  @Test
  void parsesNamedQueriesAndTrimsSemicolons() {
    SqlCatalog catalog =
        SqlCatalog.parse(
            "t.sql",
            "-- leading comment\n-- name: A\nSELECT 1;\n\n-- name: B\nSELECT *\n  FROM t\n");
    assertThat(catalog.get("A")).isEqualTo("SELECT 1");
    assertThat(catalog.get("B")).isEqualTo("SELECT *\n  FROM t");
    assertThatThrownBy(() -> catalog.get("C")).hasMessageContaining("no query named C");
  }

  @Test
  void rejectsDuplicatesAndEmptyStatements() {
    assertThatThrownBy(() -> SqlCatalog.parse("t.sql", "-- name: A\nSELECT 1\n-- name: A\nX"))
        .hasMessageContaining("defined twice");
    assertThatThrownBy(() -> SqlCatalog.parse("t.sql", "-- name: A\n\n"))
        .hasMessageContaining("no statement");
  }
}
