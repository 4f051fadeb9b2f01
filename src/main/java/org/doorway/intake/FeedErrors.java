package org.doorway.intake;

import java.util.stream.Collectors;
import org.apache.camel.Exchange;
import org.apache.camel.Predicate;
import org.apache.camel.Processor;
import org.doorway.system.Outages;
import org.doorway.system.RequestRefusedException;
import org.doorway.system.SafeLog;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;

/**
 * The steps the shared error configurations ({@code routes/errors.camel.yaml}) use so that no
 * record stalls a feed: an outage (the database away) is tried again for as long as it lasts;
 * anything else ends after a bounded number of tries in a refusal the source can act on and in
 * the door's dead letter.
 */
public final class FeedErrors {

    private static final Logger log = LoggerFactory.getLogger(FeedErrors.class);

    private FeedErrors() {}

    /** {@code databaseOutage}: whether the exchange failed because the database is away. */
    @Component("databaseOutage")
    static final class DatabaseOutage implements Predicate {
        @Override
        public boolean matches(Exchange exchange) {
            Throwable failure = exchange.getException();
            if (failure == null) {
                failure = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Throwable.class);
            }
            return Outages.databaseUnavailable(failure);
        }
    }

    /**
     * {@code refuseIntakeBody}: an HTTP door failed for a reason other than an outage. A body read
     * and refused (an {@link InvalidReferralException}) is kept in the dead letter and answered as
     * it was; a body that failed in any other way (a referral the database would not store) is
     * kept too, and answered {@code 422}: sending it again would meet the same fault. Bodies
     * refused before reading (too large, a bad signature) are neither kept nor changed.
     */
    @Component("refuseIntakeBody")
    static final class RefuseIntakeBody implements Processor {
        private final IntakeDeadLetters deadLetters;

        RefuseIntakeBody(IntakeDeadLetters deadLetters) {
            this.deadLetters = deadLetters;
        }

        @Override
        public void process(Exchange exchange) {
            Throwable failure = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Throwable.class);
            IntakeSource source = exchange.getProperty(IntakeSource.PROPERTY, IntakeSource.class);
            byte[] original = exchange.getProperty(IntakeSource.ORIGINAL, byte[].class);
            if (failure == null || source == null || original == null || Outages.databaseUnavailable(failure)) {
                return;
            }
            InvalidReferralException invalid = find(failure, InvalidReferralException.class);
            String reason;
            if (invalid != null) {
                reason = invalid.title() + ": "
                        + invalid.problems().stream().map(Object::toString).collect(Collectors.joining("; "));
            } else if (find(failure, RequestRefusedException.class) != null) {
                return; // refused before reading (an unknown mapping…): the request, not the body
            } else {
                reason = "could not be stored: " + failure.getClass().getSimpleName()
                        + (failure.getCause() == null
                                ? ""
                                : " (" + failure.getCause().getClass().getSimpleName() + ")");
                log.warn(
                        "{} refused a body it could not store; kept as a dead letter: {}",
                        exchange.getFromRouteId(),
                        SafeLog.describe(failure));
                exchange.setProperty(
                        Exchange.EXCEPTION_CAUGHT,
                        new RequestRefusedException(
                                HttpStatus.UNPROCESSABLE_CONTENT,
                                "cannot-store",
                                "Cannot store this body",
                                "Doorway read this body but could not store it; it was kept for an administrator."
                                        + " Sending it again will not help."));
            }
            try {
                deadLetters.keep(source, exchange.getFromRouteId(), reason, original);
            } catch (RuntimeException e) {
                log.warn("Dead letter of {} not kept: {}", source.channel(), SafeLog.describe(e));
            }
        }
    }

    /**
     * The {@code intakeRedelivery} policy of a Kafka record or an export file that fails otherwise
     * than by an outage: {@code doorway.intake.max-tries} tries in all (the first and
     * {@code max-tries - 1} more, half a second apart and doubling), then its dead letter.
     */
    @org.springframework.context.annotation.Configuration(proxyBeanMethods = false)
    static class Redelivery {
        @org.springframework.context.annotation.Bean("intakeRedelivery")
        org.apache.camel.processor.errorhandler.RedeliveryPolicy intakeRedelivery(
                @org.springframework.beans.factory.annotation.Value("${doorway.intake.max-tries}") int maxTries) {
            if (maxTries < 1) {
                throw new IllegalStateException("doorway.intake.max-tries must be at least 1, not " + maxTries);
            }
            return tries(maxTries - 1);
        }
    }

    /**
     * An intake redelivery policy of {@code redeliveries} more tries, half a second apart and
     * doubling, each logged as a warning without the body or a stack trace.
     */
    public static org.apache.camel.processor.errorhandler.RedeliveryPolicy tries(int redeliveries) {
        var policy = new org.apache.camel.processor.errorhandler.RedeliveryPolicy();
        policy.setMaximumRedeliveries(redeliveries);
        policy.setRedeliveryDelay(500);
        policy.setUseExponentialBackOff(true);
        policy.setBackOffMultiplier(2);
        policy.setRetryAttemptedLogLevel(org.apache.camel.LoggingLevel.WARN);
        policy.setLogStackTrace(false);
        policy.setLogExhaustedMessageHistory(false);
        policy.setLogExhaustedMessageBody(false);
        return policy;
    }

    static <T extends Throwable> T find(Throwable failure, Class<T> type) {
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (type.isInstance(t)) {
                return type.cast(t);
            }
        }
        return null;
    }
}
