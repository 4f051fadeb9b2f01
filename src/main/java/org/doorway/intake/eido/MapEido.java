package org.doorway.intake.eido;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;
import org.doorway.intake.Doors;
import org.doorway.intake.IntakeRecord;
import org.doorway.intake.IntakeSource;
import org.doorway.intake.InvalidReferralException;
import org.doorway.referral.Referral;
import org.doorway.site.Site;
import org.doorway.site.Sites;
import org.springframework.stereotype.Component;

/**
 * The route step {@code mapEido}: an EIDO document's bytes in, its records out (one per document).
 * The Kafka door's batches call {@link #records} for each document of a poll.
 *
 * @throws InvalidReferralException (from {@link #process} and {@link #records}) when the document
 *     cannot be read at all
 */
@Component("mapEido")
public class MapEido implements Processor {

    private final EidoMapper mapper;
    private final Sites sites;
    private final Doors doors;

    MapEido(EidoMapper mapper, Sites sites, Doors doors) {
        this.mapper = mapper;
        this.sites = sites;
        this.doors = doors;
    }

    @Override
    public void process(Exchange exchange) {
        IntakeSource source = exchange.getProperty(IntakeSource.PROPERTY, IntakeSource.class);
        exchange.getMessage().setBody(records(exchange.getMessage().getBody(byte[].class), source.site()));
    }

    /** The records of one EIDO document sent for {@code siteId}, received now. */
    public List<IntakeRecord> records(byte[] body, String siteId) {
        Site site = sites.get(siteId);
        if (body == null || body.length == 0) {
            throw new InvalidReferralException("Invalid EIDO document", "/", "the body is empty");
        }
        Instant now = Instant.now();
        List<Referral> referrals = mapper.map(
                body,
                new EidoContext(
                        site.id(),
                        now,
                        code -> doors.doorFor(site.id(), now, code),
                        code -> doors.referrerRoleFor(site.id(), now, code)));
        List<IntakeRecord> records = new ArrayList<>();
        for (int i = 0; i < referrals.size(); i++) {
            records.add(IntakeRecord.read(IntakeRecord.Position.index(i), referrals.get(i)));
        }
        return records;
    }
}
