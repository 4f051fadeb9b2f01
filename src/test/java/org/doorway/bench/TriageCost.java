package org.doorway.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import org.doorway.referral.Referral;
import org.doorway.triage.Triage;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * What triage adds per referral: Doorway's own {@code Triage.decide} in the running Doorway (the
 * site's policy and the facts it looks up in the database: duplicates, hours, caseloads, an
 * enrolled participant) on LEAD referrals mapped from the feed's documents. Nothing is stored.
 */
final class TriageCost {

    private TriageCost() {}

    /** Times {@code count} decisions, after as many untimed ones to let the JIT settle. */
    static Stats measure(ConfigurableApplicationContext doorway, EidoFeed feed, int count) {
        Triage triage = doorway.getBean(Triage.class);
        Function<byte[], List<?>> mapper = TransportLimit.eidoMapper();
        List<Referral> referrals = new ArrayList<>(count);
        for (int n = 0; n < count; n++) {
            referrals.add(
                    (Referral) mapper.apply(feed.document("triage", n, true)).get(0));
        }
        referrals.forEach(triage::decide);
        double[] millis = new double[count];
        for (int i = 0; i < count; i++) {
            long start = System.nanoTime();
            triage.decide(referrals.get(i));
            millis[i] = (System.nanoTime() - start) / 1e6;
        }
        return Stats.of(millis);
    }
}
