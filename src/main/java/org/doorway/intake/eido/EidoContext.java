package org.doorway.intake.eido;

import java.time.Instant;
import java.util.Objects;
import java.util.function.Function;
import org.doorway.referral.Door;

/**
 * What {@link EidoMapper} needs to know besides the document itself.
 *
 * @param site            the LEAD site the referral belongs to
 * @param receivedAt      when Doorway received the document
 * @param doorForCallType maps the incident's internal call type code ({@code incidentTypeInternalCode},
 *                        {@code null} when the document has none) to the door the referral came
 *                        through; it is called once per referral and should not return {@code null}
 */
public record EidoContext(String site, Instant receivedAt, Function<String, Door> doorForCallType) {

    public EidoContext {
        Objects.requireNonNull(site, "site");
        Objects.requireNonNull(receivedAt, "receivedAt");
        Objects.requireNonNull(doorForCallType, "doorForCallType");
    }
}
