/**
 * What every stage shares and nothing of a stage: settings ({@link org.doorway.system.DoorwayProperties}),
 * the embedded PostgreSQL, error answers ({@code application/problem+json}), the one YAML reader
 * with line numbers ({@link org.doorway.system.YamlTree}), safe logging, metrics and the optional
 * routes. Depends on no stage. {@code doorway_clock} is the database clock tests may move.
 */
@OwnsTables("doorway_clock")
package org.doorway.system;
