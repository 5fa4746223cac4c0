/**
 * The orders example's wiring: storage selection, HTTP routes, the order flow, the job handler and
 * the health report. Not API; read it as part of the example.
 */
package dev.keel.examples.orders.internal;
