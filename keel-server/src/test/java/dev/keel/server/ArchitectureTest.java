package dev.keel.server;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/**
 * The server is an HTTP face over the other modules' public APIs: it never reaches into their
 * internals (the one exception is keel-core's SQL catalog loader, shared by design).
 */
class ArchitectureTest {

  static final JavaClasses SERVER =
      new ClassFileImporter()
          .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
          .importPackages("dev.keel.server");

  @Test
  void usesOnlyThePublicApisOfJobsAndIdempotency() {
    noClasses()
        .that()
        .resideInAPackage("dev.keel.server..")
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage("dev.keel.jobs.internal..", "dev.keel.idempotency.internal..")
        .check(SERVER);
  }

  @Test
  void usesKeelCoreInternalsOnlyForTheSqlCatalog() {
    noClasses()
        .that()
        .resideInAPackage("dev.keel.server..")
        .should()
        .dependOnClassesThat(
            com.tngtech.archunit.base.DescribedPredicate.describe(
                "keel-core internals other than SqlCatalog",
                c ->
                    c.getPackageName().startsWith("dev.keel.core.internal")
                        && !c.getSimpleName().equals("SqlCatalog")))
        .check(SERVER);
  }

  @Test
  void internalsDoNotDependOnTheCliEntryPoint() {
    noClasses()
        .that()
        .resideInAPackage("dev.keel.server.internal..")
        .should()
        .dependOnClassesThat()
        .haveFullyQualifiedName("dev.keel.server.KeelCli")
        .check(SERVER);
  }
}
