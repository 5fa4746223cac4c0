package dev.keel.server.internal.http;

import io.javalin.config.RoutesConfig;

/** A group of routes the server mounts (API, health, dashboard). */
@FunctionalInterface
public interface RouteModule {

  /** Adds this module's routes. */
  void register(RoutesConfig routes);
}
