package org.doorway.intake;

import java.time.Instant;
import java.util.List;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;
import org.doorway.intake.csv.CsvMapper;
import org.doorway.intake.csv.CsvMapping;
import org.doorway.intake.csv.CsvMappings;
import org.doorway.intake.nibrs.NibrsMapper;
import org.doorway.intake.open311.Open311Mapper;
import org.doorway.site.Site;
import org.doorway.site.Sites;
import org.doorway.system.RequestRefusedException;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;

/**
 * The route steps that read a body of one of the record formats into intake records, for the
 * site of the source that sent it: {@code mapOpen311} (JSON, or XML when the content type says
 * so), {@code mapNibrs}, and {@code mapCsv} (with the mapping named by the {@code mapping} header,
 * from the HTTP query or the file's folder).
 *
 * @throws InvalidReferralException when the body cannot be read as its format at all
 */
final class MapRecords {

    private MapRecords() {}

    /** What every mapping step starts from. */
    private record Body(Site site, byte[] bytes, Instant receivedAt, Doors doors) {
        static Body of(Exchange exchange, Sites sites, Doors doors, String title) {
            IntakeSource source = exchange.getProperty(IntakeSource.PROPERTY, IntakeSource.class);
            byte[] bytes = exchange.getMessage().getBody(byte[].class);
            if (bytes == null || bytes.length == 0) {
                throw new InvalidReferralException(title, "/", "the body is empty");
            }
            return new Body(sites.get(source.site()), bytes, Instant.now(), doors);
        }

        MapContext context(String source) {
            return new MapContext(
                    site.id(), receivedAt, source, code -> doors.doorFor(site.id(), receivedAt, code), site.timeZone());
        }
    }

    @Component("mapOpen311")
    static final class Open311 implements Processor {
        private final Open311Mapper mapper;
        private final Sites sites;
        private final Doors doors;

        Open311(Open311Mapper mapper, Sites sites, Doors doors) {
            this.mapper = mapper;
            this.sites = sites;
            this.doors = doors;
        }

        @Override
        public void process(Exchange exchange) {
            Body body = Body.of(exchange, sites, doors, "Invalid Open311 service requests");
            String type = exchange.getMessage()
                    .getHeader(Exchange.CONTENT_TYPE, "", String.class)
                    .toLowerCase();
            boolean xml = type.contains("xml") || Boolean.TRUE.equals(exchange.getProperty("doorway.open311.xml"));
            List<IntakeRecord> records = mapper.map(body.bytes(), xml, body.context("open311"));
            exchange.getMessage().setBody(records);
        }
    }

    @Component("mapNibrs")
    static final class Nibrs implements Processor {
        private final NibrsMapper mapper;
        private final Sites sites;
        private final Doors doors;

        Nibrs(NibrsMapper mapper, Sites sites, Doors doors) {
            this.mapper = mapper;
            this.sites = sites;
            this.doors = doors;
        }

        @Override
        public void process(Exchange exchange) {
            Body body = Body.of(exchange, sites, doors, "Invalid NIBRS document");
            exchange.getMessage().setBody(mapper.map(body.bytes(), body.context("nibrs")));
        }
    }

    @Component("mapCsv")
    static final class Csv implements Processor {
        private final CsvMapper mapper;
        private final CsvMappings mappings;
        private final Sites sites;
        private final Doors doors;

        Csv(CsvMapper mapper, CsvMappings mappings, Sites sites, Doors doors) {
            this.mapper = mapper;
            this.mappings = mappings;
            this.sites = sites;
            this.doors = doors;
        }

        @Override
        public void process(Exchange exchange) {
            Body body = Body.of(exchange, sites, doors, "Invalid CSV export");
            String name = exchange.getMessage().getHeader("mapping", String.class);
            if (name == null || name.isBlank()) {
                throw new RequestRefusedException(
                        HttpStatus.BAD_REQUEST,
                        "unknown-mapping",
                        "CSV mapping required",
                        "Name the column mapping of this export: ?mapping=NAME.");
            }
            CsvMapping mapping = mappings.find(body.site().id(), name)
                    .orElseThrow(() -> new RequestRefusedException(
                            HttpStatus.BAD_REQUEST,
                            "unknown-mapping",
                            "Unknown CSV mapping",
                            "Site " + body.site().id() + " has no CSV mapping of that name."));
            exchange.getMessage().setBody(mapper.map(body.bytes(), mapping, body.context(mapping.source())));
        }
    }
}
