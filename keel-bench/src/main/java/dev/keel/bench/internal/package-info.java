/** Harness internals of keel-bench: not an API, may change at any time. */
package dev.keel.bench.internal;
