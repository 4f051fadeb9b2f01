package org.doorway.system;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.annotation.PreDestroy;
import java.time.Duration;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/**
 * Doorway's one scheduler for work done in the background: a task run again and again (a refresh,
 * a watch, a purge pass) or once after a delay. All of them share a few daemon threads ({@code
 * doorway.background.threads}, 3 by default) instead of a thread each. A task that throws is logged
 * by its name and the exception's type (never a message, which may carry values), counted in
 * {@code doorway_background_failures_total{task}}, and run again at its next turn. A repeated task
 * never overlaps itself: the next run starts {@code every} after the previous one ended.
 *
 * <p>Three threads because two tasks may run long (a purge pass, a re-seal pass) while the
 * one-second refreshers (site files, on-call overrides) must keep their rhythm; Doorway's few tasks
 * are otherwise short database reads. (Spring Session keeps its own thread for deleting expired
 * staff sessions: its repository starts it.)
 *
 * <p>A task's owner stops it with {@link Task#cancel()} (interrupting a run in progress, as its
 * shutdown did when each owner had its own thread); whatever is still scheduled stops when the
 * application closes, after every bean that uses this one.
 */
@Component
public class Background {

    private static final Logger log = LoggerFactory.getLogger(Background.class);

    /** A scheduled task: cancelled by its owner when it stops. */
    public interface Task {
        /** Stops the task; a run in progress is interrupted. Cancelling again does nothing. */
        void cancel();
    }

    private final ScheduledThreadPoolExecutor executor;
    private final MeterRegistry registry;

    /**
     * @param registry where failures are counted
     * @param threads  how many threads the tasks share (at least 1)
     */
    public Background(MeterRegistry registry, @Value("${doorway.background.threads:3}") int threads) {
        this.registry = registry;
        AtomicInteger number = new AtomicInteger();
        this.executor = new ScheduledThreadPoolExecutor(Math.max(1, threads), runnable -> {
            Thread thread = new Thread(runnable, "doorway-background-" + number.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        });
        executor.setRemoveOnCancelPolicy(true);
        executor.setContinueExistingPeriodicTasksAfterShutdownPolicy(false);
        executor.setExecuteExistingDelayedTasksAfterShutdownPolicy(false);
    }

    /**
     * Runs {@code work} {@code first} from now, then {@code every} after each run ends (at least a
     * millisecond), until cancelled.
     *
     * @param name what the task is, for the log and the failure count (no personal data)
     */
    public Task every(String name, Duration first, Duration every, Runnable work) {
        ScheduledFuture<?> future = executor.scheduleWithFixedDelay(
                guarded(name, work),
                Math.max(0, first.toMillis()),
                Math.max(1, every.toMillis()),
                TimeUnit.MILLISECONDS);
        return () -> future.cancel(true);
    }

    /**
     * Runs {@code work} once, {@code after} from now, unless cancelled first or the application has
     * closed by then.
     *
     * @param name what the task is, for the log and the failure count (no personal data)
     */
    public Task once(String name, Duration after, Runnable work) {
        if (executor.isShutdown()) {
            log.debug("Background task {} not scheduled: the application is closing", name);
            return () -> {};
        }
        ScheduledFuture<?> future =
                executor.schedule(guarded(name, work), Math.max(0, after.toMillis()), TimeUnit.MILLISECONDS);
        return () -> future.cancel(true);
    }

    private Runnable guarded(String name, Runnable work) {
        return () -> {
            try {
                work.run();
            } catch (RuntimeException e) {
                Counter.builder("doorway.background.failures")
                        .description("Runs of a background task that ended in an exception")
                        .tag("task", name)
                        .register(registry)
                        .increment();
                log.warn("Background task {} failed: {}", name, e.getClass().getSimpleName());
            }
        };
    }

    @PreDestroy
    void stop() {
        executor.shutdownNow();
    }
}
