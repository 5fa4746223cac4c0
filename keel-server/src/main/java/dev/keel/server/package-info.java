/**
 * The Keel service: {@link dev.keel.server.KeelServer} (HTTP API, dashboard, metrics, health), its
 * settings {@link dev.keel.server.ServerConfig}, and the {@code keel} command line {@link
 * dev.keel.server.KeelCli}. Everything under {@code dev.keel.server.internal} is not API.
 */
package dev.keel.server;
