package org.doorway.seal;

import java.time.Duration;
import java.util.List;
import org.doorway.system.Background;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The background pass that keeps every sealed column under the current master key: after a key
 * rotation (a new {@code doorway.seal.master-key}, the old one moved to {@code
 * previous-master-keys}) and for values stored before encryption at rest. It runs at start and then
 * every {@code doorway.seal.reseal-interval}, one {@link Resealable} after another, in transactions
 * of {@code doorway.seal.reseal-batch} values, while Doorway goes on working: values not yet
 * re-sealed open under the key they name. Several instances may run it at once; a value is
 * replaced only if it is still the one read, so nothing written meanwhile is lost. A column whose
 * values do not open (a previous master key removed too early) is logged and left until the next
 * pass.
 */
@Component
public class Resealer implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(Resealer.class);

    private final List<Resealable> columns;
    private final Sealer sealer;
    private final TransactionTemplate transaction;
    private final int batch;
    private final Duration every;
    private final Background background;
    private Background.Task timer;

    /** A pass over {@code columns}, in transactions of {@code settings.resealBatch()} values. */
    public Resealer(
            List<Resealable> columns,
            Sealer sealer,
            PlatformTransactionManager transactions,
            SealProperties settings,
            Background background) {
        this.background = background;
        this.columns = columns;
        this.sealer = sealer;
        this.transaction = new TransactionTemplate(transactions);
        this.batch = Math.max(1, settings.resealBatch());
        this.every = settings.resealInterval();
    }

    @Override
    public void start() {
        timer = background.every(
                "reseal", Duration.ofSeconds(5), Duration.ofMillis(Math.max(1_000, every.toMillis())), this::pass);
    }

    @Override
    public void stop() {
        if (timer != null) {
            timer.cancel();
            timer = null;
        }
    }

    @Override
    public boolean isRunning() {
        return timer != null;
    }

    /**
     * One pass over every sealed column until none holds a stale value (or a column fails).
     *
     * @return how many values were sealed again
     */
    public synchronized int pass() {
        int total = 0;
        for (Resealable column : columns) {
            try {
                int done = 0;
                while (true) {
                    // Keys made meanwhile (a new month, a new site) are current too: asked per batch.
                    List<Long> current = sealer.currentKeys();
                    Integer found = transaction.execute(status -> column.reseal(batch, current));
                    if (found == null || found == 0) {
                        break;
                    }
                    done += found;
                }
                if (done > 0) {
                    log.info("Sealed {} value(s) of {} again under the current master key", done, column.what());
                }
                total += done;
            } catch (RuntimeException e) {
                log.error(
                        "Re-sealing {} stopped: {}; it is tried again at the next pass",
                        column.what(),
                        e.getClass().getSimpleName());
            }
        }
        return total;
    }
}
