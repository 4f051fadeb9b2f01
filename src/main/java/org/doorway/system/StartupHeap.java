package org.doorway.system;

import com.sun.management.HotSpotDiagnosticMXBean;
import com.sun.management.VMOption;
import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;
import javax.management.JMException;
import javax.management.ObjectName;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.availability.AvailabilityChangeEvent;
import org.springframework.boot.availability.ReadinessState;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/**
 * Gives back the memory that starting took. Starting (Spring, Camel, the sites, Flyway) fills a
 * heap several times larger than an idle Doorway keeps alive, and the JVM keeps it committed for
 * ever by default. Once Doorway is ready (and only then: readiness is not delayed), this asks the
 * JVM to keep at most 30 % of the heap free ({@code MinHeapFreeRatio=10}, {@code
 * MaxHeapFreeRatio=30}, instead of 40 and 70) and collects once, so the heap shrinks to what is
 * live; under load the heap grows again as the collector needs. With G1 it also lets an idle
 * Doorway give back what a burst grew, by a collection every five minutes without one ({@code
 * G1PeriodicGCInterval}). Then it asks the C library to return the native memory freed meanwhile
 * (what the JIT compilers and class loading used while starting; the JVM's {@code
 * System.trim_native_heap}, where this JVM and its C library have it).
 *
 * <p>A flag given on the command line (or in {@code JAVA_TOOL_OPTIONS}) is the operator's choice and
 * is left as it is; {@code -XX:+DisableExplicitGC} leaves out the collection.
 */
@Component
class StartupHeap {

    private static final Logger log = LoggerFactory.getLogger(StartupHeap.class);

    private final Background background;
    private final AtomicBoolean done = new AtomicBoolean();

    StartupHeap(Background background) {
        this.background = background;
    }

    @EventListener
    void ready(AvailabilityChangeEvent<ReadinessState> event) {
        if (event.getState() == ReadinessState.ACCEPTING_TRAFFIC && done.compareAndSet(false, true)) {
            background.once("startup-heap", Duration.ofSeconds(1), StartupHeap::giveBack);
        }
    }

    static void giveBack() {
        HotSpotDiagnosticMXBean hotspot = ManagementFactory.getPlatformMXBean(HotSpotDiagnosticMXBean.class);
        // Min before max: each must stay within the other at every step (defaults 40 and 70).
        setIfDefault(hotspot, "MinHeapFreeRatio", "10");
        setIfDefault(hotspot, "MaxHeapFreeRatio", "30");
        setIfDefault(hotspot, "G1PeriodicGCInterval", "300000");
        long before = committedMb();
        System.gc();
        log.info("Heap after start: {} MB committed, was {} MB", committedMb(), before);
        trimNativeHeap();
    }

    private static void trimNativeHeap() {
        try {
            Object said = ManagementFactory.getPlatformMBeanServer()
                    .invoke(
                            new ObjectName("com.sun.management:type=DiagnosticCommand"),
                            "systemTrimNativeHeap",
                            new Object[0],
                            new String[0]);
            log.debug("{}", said);
        } catch (JMException | RuntimeException e) {
            log.debug("Native heap not trimmed: {}", e.getClass().getSimpleName());
        }
    }

    private static void setIfDefault(HotSpotDiagnosticMXBean hotspot, String name, String value) {
        try {
            VMOption option = hotspot.getVMOption(name);
            if (option.getOrigin() == VMOption.Origin.DEFAULT && option.isWriteable()) {
                hotspot.setVMOption(name, value);
            }
        } catch (IllegalArgumentException e) {
            // Not a flag of this JVM or this collector (G1PeriodicGCInterval without G1): nothing to do.
            log.debug("JVM option {} left as it is: {}", name, e.getClass().getSimpleName());
        }
    }

    private static long committedMb() {
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getCommitted() / (1024 * 1024);
    }
}
