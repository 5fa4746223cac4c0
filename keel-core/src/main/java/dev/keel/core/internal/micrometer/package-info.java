/**
 * The Micrometer meters behind {@link dev.keel.core.KeelMicrometer}: the only Keel code, with that
 * class, that uses Micrometer. Not API.
 */
package dev.keel.core.internal.micrometer;
