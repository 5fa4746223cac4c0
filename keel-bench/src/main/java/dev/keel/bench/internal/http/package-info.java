/**
 * {@code ./keel bench http} (issue 5): requests per second and p99 through keel-http's {@code
 * KeelHttpClient} beside the bare JDK {@code HttpClient}, same local endpoint, same process, same
 * HTTP version, 64 concurrent virtual threads.
 */
package dev.keel.bench.internal.http;
