package org.doorway.audit;

import java.time.Instant;
import java.util.UUID;

/**
 * One row of the access audit.
 *
 * @param id            its number, in the order written ({@code null} before it is written)
 * @param at            when (the database clock; {@code null} before it is written)
 * @param site          the site whose record it was; {@code null} for none in particular
 * @param actorKind     {@code STAFF}, {@code SOURCE}, {@code LINK} or {@code ANONYMOUS}
 * @param actor         the account's user name, {@code site/source} of a key, {@code page <id>} of a link
 * @param action        {@code READ}, {@code EXPORT} or {@code CHANGE}
 * @param recordKind    {@code referral}, {@code participant}, {@code account}, {@code list},
 *                      {@code export}, {@code outbox}, {@code audit} or {@code other}
 * @param recordId      the record's id, or {@code null} for a list
 * @param referralId    the referral it concerns, when it concerns one
 * @param request       the method and route ({@code GET /handoffs/{id}}), never the values in it
 * @param purpose       which fields were shown, or what was done
 * @param remoteAddress where the request came from
 */
record AuditEntry(
        Long id,
        Instant at,
        String site,
        String actorKind,
        String actor,
        String action,
        String recordKind,
        String recordId,
        UUID referralId,
        String request,
        String purpose,
        String remoteAddress) {}
