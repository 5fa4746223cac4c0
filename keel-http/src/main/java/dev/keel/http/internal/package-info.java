/** Implementation of {@code dev.keel.http}; not API, may change in any release. */
package dev.keel.http.internal;
