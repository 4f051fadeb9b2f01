package org.doorway.resilience;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Every process the resilience tests start, so that none outlives the test JVM: each test class
 * kills its own in {@code @AfterAll}; this shutdown hook kills (SIGKILL) whatever is left, and
 * their children, if a test JVM ends another way.
 */
final class Reaper {

    private static final List<Process> STARTED = new CopyOnWriteArrayList<>();

    static {
        Runtime.getRuntime().addShutdownHook(new Thread(Reaper::killAll, "resilience-reaper"));
    }

    private Reaper() {}

    static void register(Process process) {
        STARTED.add(process);
    }

    static void killAll() {
        for (Process process : STARTED) {
            process.descendants().forEach(ProcessHandle::destroyForcibly);
            process.destroyForcibly();
        }
    }
}
