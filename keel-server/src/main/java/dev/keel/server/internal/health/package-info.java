/** Not API: implementation of the Keel server. */
package dev.keel.server.internal.health;
