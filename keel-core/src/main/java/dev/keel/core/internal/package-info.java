/** Keel's own plumbing; not API, may change in any release. */
package dev.keel.core.internal;
