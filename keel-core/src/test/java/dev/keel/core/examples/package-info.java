/**
 * Runnable recipes, one small {@code main} per recipe, each also run by {@code ExamplesTest}. Run
 * one with {@code ./mvnw -q -pl keel-core test-compile exec:java -Dexec.classpathScope=test
 * -Dexec.mainClass=dev.keel.core.examples.PipelineExample}.
 */
package dev.keel.core.examples;
