package org.doorway.bench;

import com.github.tomakehurst.wiremock.http.Request;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.doorway.testing.FakeTwilio;

/**
 * Records, as they arrive at the Twilio fake, the moment each page's SMS request reached it, by the
 * referral's short reference (the only part of an SMS the benchmark reads). The fake itself keeps
 * every request too, but reading its journal is slow once it holds thousands; this listener costs
 * a map insert per request.
 */
final class SmsArrivals {

    /**
     * When an SMS request for one referral first reached the fake.
     *
     * @param nanos       {@link System#nanoTime()} at arrival, for latencies measured in this JVM
     * @param epochMillis wall-clock time at arrival, for comparison with the database's clock
     */
    record Arrival(long nanos, long epochMillis) {}

    private static final Pattern SHORT_REF = Pattern.compile("^Doorway LEAD ([A-Z0-9]{6}):");

    private final Map<String, Arrival> first = new ConcurrentHashMap<>();
    private final AtomicLong count = new AtomicLong();

    SmsArrivals(FakeTwilio twilio) {
        twilio.server().addMockServiceRequestListener((request, response) -> record(request));
    }

    private void record(Request request) {
        long nanos = System.nanoTime();
        long millis = System.currentTimeMillis();
        if (!request.getUrl().endsWith("/Messages.json")) {
            return;
        }
        count.incrementAndGet();
        String body = formField(request.getBodyAsString(), "Body");
        if (body != null) {
            Matcher ref = SHORT_REF.matcher(body);
            if (ref.find()) {
                first.putIfAbsent(ref.group(1), new Arrival(nanos, millis));
            }
        }
    }

    /** The first SMS request for this short reference, or null if none has arrived. */
    Arrival of(String shortRef) {
        return first.get(shortRef);
    }

    /** How many SMS requests have arrived in all. */
    long count() {
        return count.get();
    }

    private static String formField(String form, String name) {
        for (String pair : form.split("&")) {
            int eq = pair.indexOf('=');
            if (eq > 0 && name.equals(URLDecoder.decode(pair.substring(0, eq), StandardCharsets.UTF_8))) {
                return URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
            }
        }
        return null;
    }
}
