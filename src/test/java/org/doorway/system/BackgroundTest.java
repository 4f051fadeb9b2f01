package org.doorway.system;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class BackgroundTest {

    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private final Background background = new Background(registry, 2);

    @AfterEach
    void close() {
        background.stop();
    }

    @Test
    void aRepeatedTaskThatThrowsIsCountedAndRunsAgain() throws InterruptedException {
        CountDownLatch threeRuns = new CountDownLatch(3);
        background.every("flaky", Duration.ZERO, Duration.ofMillis(1), () -> {
            threeRuns.countDown();
            throw new IllegalStateException("a value that must not be logged");
        });

        assertThat(threeRuns.await(30, TimeUnit.SECONDS)).isTrue();
        assertThat(registry.get("doorway.background.failures")
                        .tag("task", "flaky")
                        .counter()
                        .count())
                .isGreaterThanOrEqualTo(2);
    }

    @Test
    void aCancelledTaskRunsNoMore() throws InterruptedException {
        AtomicInteger runs = new AtomicInteger();
        CountDownLatch ran = new CountDownLatch(1);
        Background.Task task = background.every("counting", Duration.ZERO, Duration.ofMillis(1), () -> {
            runs.incrementAndGet();
            ran.countDown();
        });
        assertThat(ran.await(30, TimeUnit.SECONDS)).isTrue();

        task.cancel();
        task.cancel();
        afterAnotherTask();
        int afterCancel = runs.get(); // a run under way when cancelled has ended by now
        afterAnotherTask();

        assertThat(runs.get()).isEqualTo(afterCancel);
    }

    private void afterAnotherTask() throws InterruptedException {
        CountDownLatch ran = new CountDownLatch(1);
        background.once("marker", Duration.ofMillis(20), ran::countDown);
        assertThat(ran.await(30, TimeUnit.SECONDS)).isTrue();
    }

    @Test
    void tasksRunOnSharedDaemonThreads() throws InterruptedException {
        CountDownLatch ran = new CountDownLatch(1);
        Thread[] seen = new Thread[1];
        background.once("which-thread", Duration.ZERO, () -> {
            seen[0] = Thread.currentThread();
            ran.countDown();
        });

        assertThat(ran.await(30, TimeUnit.SECONDS)).isTrue();
        assertThat(seen[0].isDaemon()).isTrue();
        assertThat(seen[0].getName()).startsWith("doorway-background-");
    }

    @Test
    void aTaskAskedForAfterTheApplicationClosedIsNotRun() {
        background.stop();
        AtomicInteger runs = new AtomicInteger();

        Background.Task task = background.once("late", Duration.ZERO, runs::incrementAndGet);

        task.cancel();
        assertThat(runs.get()).isZero();
    }
}
