package org.doorway.intake.kafka;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.apache.camel.Processor;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.component.kafka.KafkaConstants;
import org.apache.camel.component.kafka.consumer.KafkaManualCommit;
import org.doorway.intake.CommitReferrals;
import org.doorway.intake.IntakeRecord;
import org.doorway.intake.IntakeSource;
import org.doorway.intake.InvalidReferralException;
import org.doorway.intake.TriageReferrals;
import org.doorway.intake.eido.EidoScreen;
import org.doorway.intake.eido.MapEido;
import org.doorway.system.DoorwayProperties;
import org.doorway.system.Outages;
import org.doorway.system.SafeLog;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.stereotype.Component;

/**
 * The route step {@code commitEidoBatch}: the records of one Kafka poll of the EIDO topic (Camel's
 * batching consumer: the body is the list of the records' exchanges) taken in together.
 *
 * <ol>
 *   <li>Each document is first screened ({@link EidoScreen}): one no policy routes becomes its
 *       not-routed record without being mapped; the rest are mapped ({@link MapEido}) and triaged
 *       ({@link TriageReferrals}). A document that cannot be read ({@link InvalidReferralException})
 *       is put aside for the dead-letter topic.
 *   <li>Everything the poll brought is committed in one database transaction
 *       ({@link CommitReferrals#commitAll}): each referral through the store's own per-referral
 *       code, the records nobody routes counted in memory and written one statement per count.
 *   <li>Once that is committed, the dead letters are sent to the dead-letter topic all at once
 *       (asynchronously) and every one awaited.
 *   <li>Only then is the offset of each partition's last record committed, acknowledging the poll.
 * </ol>
 *
 * <p>Nothing is acknowledged before it is stored or dead-lettered: a failure before step 4 leaves
 * the poll's offsets where they were, and the consumer reads the records again (a referral stored
 * before is then recognised, never stored nor paged twice). A database outage is thrown, to be
 * tried again and then read again. Any other failure in steps 1 and 2 (a referral the database
 * will not store, a mapper fault) rolls the poll back and takes its records one at a time through
 * {@code direct:eido-kafka-record}, the door's per-record path with its own error handling, so the
 * one bad record is tried and dead-lettered alone while the others are stored; that poll counts as
 * each record's first try ({@link Redelivery}). An outage met while taking records one at a time
 * is thrown too, and a retry of the poll resumes at the record it stopped at, so a record already
 * stored and acknowledged alone is not taken again.
 */
@Component("commitEidoBatch")
class EidoKafkaBatch implements Processor {

    private static final Logger log = LoggerFactory.getLogger(EidoKafkaBatch.class);

    /** The per-record path a failed poll falls back to. */
    static final String ONE_RECORD = "direct:eido-kafka-record";

    /** Exchange property on the poll: the record to resume at when taking records one at a time. */
    static final String RESUME_AT = "doorway.kafka.resume-at";

    private final EidoScreen screen;
    private final MapEido mapper;
    private final TriageReferrals triage;
    private final CommitReferrals commit;
    private final Processor deadLetter;
    private final ProducerTemplate camel;
    private final String site;
    private final String deadLetterUri;

    EidoKafkaBatch(
            EidoScreen screen,
            MapEido mapper,
            TriageReferrals triage,
            CommitReferrals commit,
            @Qualifier("deadLetterRecord") Processor deadLetter,
            ProducerTemplate camel,
            DoorwayProperties properties) {
        this.screen = screen;
        this.mapper = mapper;
        this.triage = triage;
        this.commit = commit;
        this.deadLetter = deadLetter;
        this.camel = camel;
        this.site = properties.intake().kafka().eidoSite();
        this.deadLetterUri = "kafka:" + properties.intake().kafka().deadLetterTopic() + "?requestRequiredAcks=all";
    }

    /** A record that cannot be read, on its way to the dead-letter topic. */
    private record Refused(Exchange record, IntakeSource source, byte[] body, InvalidReferralException why) {}

    @Override
    public void process(Exchange poll) throws Exception {
        @SuppressWarnings("unchecked")
        List<Exchange> records = poll.getMessage().getMandatoryBody(List.class);
        Integer resumeAt = poll.getProperty(RESUME_AT, Integer.class);
        if (resumeAt != null) {
            oneAtATime(poll, records, resumeAt);
            return;
        }
        List<Refused> refused = new ArrayList<>();
        try {
            Map<IntakeSource, List<List<IntakeRecord>>> bodies = read(records, refused);
            for (Map.Entry<IntakeSource, List<List<IntakeRecord>>> body : bodies.entrySet()) {
                commit.commitAll(body.getKey(), body.getValue());
            }
        } catch (Exception e) {
            if (Outages.databaseUnavailable(e)) {
                throw e;
            }
            log.warn(
                    "A poll of {} record(s) could not be taken together ({}); taking them one at a time",
                    records.size(),
                    SafeLog.describe(e));
            oneAtATime(poll, records, 0);
            return;
        }
        deadLetters(refused);
        acknowledge(records);
    }

    /** Screens, maps and triages every record; the unreadable ones go to {@code refused}. */
    private Map<IntakeSource, List<List<IntakeRecord>>> read(List<Exchange> records, List<Refused> refused) {
        Map<IntakeSource, List<List<IntakeRecord>>> bodies = new LinkedHashMap<>();
        for (Exchange record : records) {
            Message message = record.getMessage();
            IntakeSource source =
                    new IntakeSource(site, "kafka:" + message.getHeader(KafkaConstants.TOPIC, String.class));
            byte[] body = message.getBody(byte[].class);
            List<IntakeRecord> read;
            try {
                Optional<IntakeRecord> notRouted = screen.notRouted(body, site, Instant.now());
                read = notRouted.isPresent() ? List.of(notRouted.get()) : triage.triage(mapper.records(body, site));
            } catch (InvalidReferralException e) {
                refused.add(new Refused(record, source, body, e));
                continue;
            }
            bodies.computeIfAbsent(source, s -> new ArrayList<>()).add(read);
        }
        return bodies;
    }

    /** Sends every dead letter at once and waits for each to be written. */
    private void deadLetters(List<Refused> refused) throws Exception {
        List<CompletableFuture<Exchange>> sent = new ArrayList<>();
        for (Refused one : refused) {
            Exchange letter = one.record().copy();
            letter.setProperty(IntakeSource.PROPERTY, one.source());
            letter.setProperty(IntakeSource.ORIGINAL, one.body());
            letter.setProperty(Exchange.EXCEPTION_CAUGHT, one.why());
            deadLetter.process(letter);
            sent.add(camel.asyncSend(deadLetterUri, letter));
        }
        for (CompletableFuture<Exchange> letter : sent) {
            Exception failed = letter.get().getException();
            if (failed != null) {
                throw failed;
            }
        }
    }

    /** Commits, for each partition of the poll, the offset after its last record. */
    private static void acknowledge(List<Exchange> records) {
        Map<String, Exchange> lastOfPartition = new LinkedHashMap<>();
        for (Exchange record : records) {
            Message message = record.getMessage();
            lastOfPartition.put(
                    message.getHeader(KafkaConstants.TOPIC, String.class) + "/"
                            + message.getHeader(KafkaConstants.PARTITION, Integer.class),
                    record);
        }
        for (Exchange last : lastOfPartition.values()) {
            KafkaManualCommit commit =
                    last.getMessage().getHeader(KafkaConstants.MANUAL_COMMIT, KafkaManualCommit.class);
            if (commit == null) {
                throw new IllegalStateException("Kafka consumer is not configured for manual commits");
            }
            commit.commit();
        }
    }

    /**
     * Takes the records from {@code from} on one at a time through the per-record path, each
     * acknowledged there once stored or dead-lettered. One that fails by an outage stops the poll
     * where it is: the poll is tried again from that record, then read again.
     */
    private void oneAtATime(Exchange poll, List<Exchange> records, int from) throws Exception {
        for (int i = from; i < records.size(); i++) {
            Exchange alone = records.get(i).copy();
            camel.send(ONE_RECORD, alone);
            if (alone.getException() != null) {
                poll.setProperty(RESUME_AT, i);
                throw alone.getException();
            }
        }
    }

    /**
     * The {@code intakeRedeliveryAfterBatch} policy of a record taken alone after its poll failed:
     * the poll was every record's first try, so {@code doorway.intake.max-tries - 1} tries are left
     * (at least one), half a second apart and doubling, before its dead letter.
     */
    @Configuration(proxyBeanMethods = false)
    static class Redelivery {
        @Bean("intakeRedeliveryAfterBatch")
        org.apache.camel.processor.errorhandler.RedeliveryPolicy intakeRedeliveryAfterBatch(
                @Value("${doorway.intake.max-tries}") int maxTries) {
            return org.doorway.intake.FeedErrors.tries(Math.max(0, maxTries - 2));
        }
    }
}
