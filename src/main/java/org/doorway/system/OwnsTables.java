package org.doorway.system;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * The PostgreSQL tables a stage owns, declared on its {@code package-info.java}. Only the owning
 * stage (its package and sub-packages) inserts, updates or deletes rows of these tables; other
 * stages call its API. Reading another stage's tables in a query (the dashboard's reports, a join)
 * is allowed. {@code BoundariesTest} holds every stage to this and every table to one owner.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.PACKAGE)
public @interface OwnsTables {

    /** Table names, as in the Flyway migrations. */
    String[] value();
}
