package org.doorway.planner;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import java.util.SplittableRandom;

/**
 * A generated CAD export in the columns of the Seattle Police Department's "Call Data" (the demo
 * site's {@code seattle-spd} mapping): dispatch calls of types the site's policy routes to LEAD,
 * at any hour, with a few of types it does not take.
 */
final class SpdRows {

    static final String HEADER = "CAD Event Number,Event Clearance Description,Call Type,Priority,Initial Call Type,"
            + "Final Call Type,Original Time Queued,Arrived Time,Precinct,Sector,Beat,Blurred_Longitude,Blurred_Latitude";
    private static final DateTimeFormatter QUEUED = DateTimeFormatter.ofPattern("MM/dd/yyyy h:mm:ss a", Locale.US);
    private static final String[] ROUTED = {
        "--DISTURBANCE - OTHER",
        "--TRESPASS",
        "--CRISIS COMPLAINT - GENERAL",
        "--SUSPICIOUS CIRCUM. - SUSPICIOUS PERSON"
    };

    private SpdRows() {}

    /**
     * Writes {@code days} days of calls from 2025-03-03, about {@code perDay} a day, of which every
     * fifth is a premise check the policy does not take.
     *
     * @return the file, and how many calls the policy routes
     */
    static Export write(Path dir, int days, int perDay, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        StringBuilder csv = new StringBuilder(HEADER).append('\n');
        int routed = 0;
        int n = 0;
        for (int d = 0; d < days; d++) {
            LocalDate day = LocalDate.of(2025, 3, 3).plusDays(d);
            for (int k = 0; k < perDay; k++, n++) {
                LocalDateTime at = day.atStartOfDay().plusSeconds(random.nextInt(24 * 3600));
                boolean takes = n % 5 != 4;
                String type = takes ? ROUTED[random.nextInt(ROUTED.length)] : "--PREMISE CHECKS - REQUEST TO WATCH";
                routed += takes ? 1 : 0;
                csv.append(String.format(
                        Locale.ROOT,
                        "2025%09d,ASSISTANCE RENDERED,911,2,%s,%s,%s,,EAST,CHARLIE,C3,%.5f,%.5f%n",
                        n,
                        type.substring(2),
                        type,
                        QUEUED.format(at),
                        -122.33 + random.nextDouble() * 0.05,
                        47.60 + random.nextDouble() * 0.05));
            }
        }
        try {
            Path file = dir.resolve("calls.csv");
            Files.writeString(file, csv);
            return new Export(file, routed);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    record Export(Path file, int routed) {}
}
