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
 * @param referrerRoleForCallType maps the same code to the referrer role the site's policy routes it
 *                        with ({@code routing.call-types[].referrer-role}, e.g. {@code officer} for
 *                        {@code LEAD}), or {@code null} when the policy names none. When it names
 *                        one and the document's author is a dispatcher, the mapper looks for that
 *                        referrer among the document's responders (see {@link EidoMapper})
 */
public record EidoContext(
        String site,
        Instant receivedAt,
        Function<String, Door> doorForCallType,
        Function<String, String> referrerRoleForCallType) {

    public EidoContext {
        Objects.requireNonNull(site, "site");
        Objects.requireNonNull(receivedAt, "receivedAt");
        Objects.requireNonNull(doorForCallType, "doorForCallType");
        Objects.requireNonNull(referrerRoleForCallType, "referrerRoleForCallType");
    }

    /** A context whose policy routes no call type with a referrer role. */
    public EidoContext(String site, Instant receivedAt, Function<String, Door> doorForCallType) {
        this(site, receivedAt, doorForCallType, code -> null);
    }
}
