package org.doorway.intake.eido.conveyance;

import java.util.ArrayList;
import java.util.List;
import org.apache.camel.Exchange;
import org.apache.camel.ProducerTemplate;
import org.doorway.intake.IntakeSource;
import org.doorway.intake.InvalidReferralException;
import org.doorway.system.Outages;
import org.doorway.system.SafeLog;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Takes in the EIDOs of one STA-024 notification through {@code direct:eido-conveyance} (map,
 * triage and commit, one document at a time, each in its own transaction) and decides the
 * {@code eventResponse} the server is to get. It returns only after every document has been
 * committed or refused, so the answer never acknowledges anything not stored:
 * <ul>
 *   <li>{@code 200} every document is committed (a resend of one already stored included);</li>
 *   <li>{@code 413} a document exceeds {@code doorway.intake.max-body-bytes};</li>
 *   <li>{@code 400} a document cannot be read (not an EIDO object, invalid JSON, missing or wrong
 *       fields); the status text names each by its JSON pointer within the event
 *       ({@code notification/0/eidoVersion}) and the reason, never a value;</li>
 *   <li>{@code 422} a document was read but could not be stored for a reason other than an
 *       outage (a referral the database refuses): sending it again would meet the same fault, so
 *       it is answered as failed and kept in the door's dead letter, never asked for again;</li>
 *   <li>{@code 503} a document could not be stored because the database is away: nothing of it
 *       was stored and the documents after it are not tried. The caller then makes the server
 *       send everything again (see {@link EidoConveyanceLink}).</li>
 * </ul>
 * Refused documents change nothing stored and are kept in the dead letter ({@code 400} and
 * {@code 422}); the others of the same notification are still committed. A 5xx outranks a 413,
 * which outranks a 422, which outranks a 400.
 */
final class EidoConveyanceIntake {

    private static final Logger log = LoggerFactory.getLogger(EidoConveyanceIntake.class);
    private static final String ROUTE = "direct:eido-conveyance";
    private static final int MAX_STATUS_TEXT = 400;

    private final ProducerTemplate camel;
    private final int maxDocumentBytes;
    private final DeadLetter deadLetter;

    /** Where a refused document is kept: the door's dead letter. */
    @FunctionalInterface
    interface DeadLetter {
        void keep(IntakeSource source, String route, String reason, byte[] document);
    }

    EidoConveyanceIntake(ProducerTemplate camel, int maxDocumentBytes) {
        this(camel, maxDocumentBytes, (source, route, reason, document) -> {});
    }

    EidoConveyanceIntake(ProducerTemplate camel, int maxDocumentBytes, DeadLetter deadLetter) {
        this.camel = camel;
        this.maxDocumentBytes = maxDocumentBytes;
        this.deadLetter = deadLetter;
    }

    /**
     * What became of a notification.
     *
     * @param statusCode the eventResponse status
     * @param statusText the eventResponse text
     * @param stored     documents committed (or already stored)
     * @param refused    documents refused as unreadable or too large
     */
    record Outcome(int statusCode, String statusText, int stored, int refused) {

        /** True when a document could not be stored and the server must send it again. */
        boolean unstored() {
            return statusCode >= 500;
        }
    }

    /** Takes in every document of a notification from {@code server}, in order. */
    Outcome deliver(EidoConveyanceProperties.Server server, List<EidoConveyanceCodec.Notified> notification) {
        int stored = 0;
        List<String> unreadable = new ArrayList<>();
        List<String> tooLarge = new ArrayList<>();
        List<String> unstorable = new ArrayList<>();
        IntakeSource source = new IntakeSource(server.site(), server.channel());
        for (int i = 0; i < notification.size(); i++) {
            EidoConveyanceCodec.Notified element = notification.get(i);
            String at = "notification/" + i;
            if (element.document() == null) {
                unreadable.add(at + ": " + element.problem());
                continue;
            }
            if (element.document().length > maxDocumentBytes) {
                tooLarge.add(at + " exceeds " + maxDocumentBytes + " bytes");
                continue;
            }
            Throwable failure;
            try {
                Exchange done = camel.send(ROUTE, exchange -> {
                    exchange.setProperty(IntakeSource.PROPERTY, source);
                    exchange.getMessage().setBody(element.document());
                });
                failure = done.getException();
            } catch (RuntimeException e) {
                failure = e; // Camel itself could not take it (e.g. stopping): nothing was stored
            }
            InvalidReferralException invalid = invalid(failure);
            if (invalid != null) {
                List<String> reasons = new ArrayList<>();
                for (InvalidReferralException.Problem problem : invalid.problems()) {
                    reasons.add(at + ("/".equals(problem.field()) ? "" : problem.field()) + ": " + problem.reason());
                }
                unreadable.addAll(reasons);
                keep(source, invalid.title() + ": " + String.join("; ", reasons), element.document());
            } else if (failure != null && !Outages.databaseUnavailable(failure)) {
                log.warn(
                        "EIDO server {}: notified document {} of {} cannot be stored; answered as failed: {}",
                        server.name(),
                        i,
                        notification.size(),
                        SafeLog.describe(failure));
                String reason =
                        at + ": could not be stored (" + failure.getClass().getSimpleName() + ")";
                unstorable.add(reason);
                keep(source, reason, element.document());
            } else if (failure != null) {
                log.warn(
                        "EIDO server {}: notified document {} of {} not stored: {}",
                        server.name(),
                        i,
                        notification.size(),
                        SafeLog.describe(failure));
                return new Outcome(
                        503,
                        "Service Unavailable: " + at + " could not be stored; nothing of it was kept",
                        stored,
                        unreadable.size() + tooLarge.size() + unstorable.size());
            } else {
                stored++;
            }
        }
        int refused = unreadable.size() + tooLarge.size() + unstorable.size();
        if (!tooLarge.isEmpty()) {
            List<String> then = new ArrayList<>(unstorable);
            then.addAll(unreadable);
            return new Outcome(413, text("Payload Too Large", tooLarge, then), stored, refused);
        }
        if (!unstorable.isEmpty()) {
            return new Outcome(422, text("Unprocessable Content", unstorable, unreadable), stored, refused);
        }
        if (!unreadable.isEmpty()) {
            return new Outcome(400, text("Bad Request", unreadable, List.of()), stored, refused);
        }
        return new Outcome(200, "OK", stored, 0);
    }

    private void keep(IntakeSource source, String reason, byte[] document) {
        try {
            deadLetter.keep(source, "eido-conveyance", reason, document);
        } catch (RuntimeException e) {
            log.warn("Dead letter of {} not kept: {}", source.channel(), SafeLog.describe(e));
        }
    }

    private static InvalidReferralException invalid(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof InvalidReferralException invalid) {
                return invalid;
            }
        }
        return null;
    }

    private static String text(String title, List<String> first, List<String> then) {
        List<String> all = new ArrayList<>(first);
        all.addAll(then);
        StringBuilder text = new StringBuilder(title).append(": ");
        for (int i = 0; i < all.size(); i++) {
            String next = (i == 0 ? "" : "; ") + all.get(i);
            if (text.length() + next.length() > MAX_STATUS_TEXT) {
                text.append("; and ").append(all.size() - i).append(" more");
                break;
            }
            text.append(next);
        }
        return text.toString();
    }
}
