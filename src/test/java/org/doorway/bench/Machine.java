package org.doorway.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/** What the figures were measured on: processors, memory, JDK, OS, and how busy the machine was. */
final class Machine {

    private Machine() {}

    /** The machine's description, in the order it is reported. */
    static Map<String, String> describe() {
        Map<String, String> machine = new LinkedHashMap<>();
        machine.put("processors (nproc)", String.valueOf(Runtime.getRuntime().availableProcessors()));
        machine.put("cpu", firstValue("/proc/cpuinfo", "model name"));
        machine.put("memory", "%.1f GiB".formatted(kilobytes("MemTotal") / 1024.0 / 1024.0));
        machine.put("jdk", System.getProperty("java.vm.name") + " " + System.getProperty("java.runtime.version"));
        machine.put(
                "os", osName() + " (" + System.getProperty("os.name") + " " + System.getProperty("os.version") + ")");
        machine.put("load average at start (1, 5, 15 min)", loadAverage());
        return machine;
    }

    /** The 1, 5 and 15 minute load averages, as {@code uptime} shows them. */
    static String loadAverage() {
        try {
            String[] parts = Files.readString(Path.of("/proc/loadavg")).trim().split("\\s+");
            return parts[0] + ", " + parts[1] + ", " + parts[2];
        } catch (IOException e) {
            return "unknown";
        }
    }

    private static String osName() {
        try {
            for (String line : Files.readAllLines(Path.of("/etc/os-release"))) {
                if (line.startsWith("PRETTY_NAME=")) {
                    return line.substring("PRETTY_NAME=".length()).replace("\"", "");
                }
            }
        } catch (IOException e) {
            // not Linux
        }
        return "unknown";
    }

    private static long kilobytes(String field) {
        String value = firstValue("/proc/meminfo", field);
        return value.equals("unknown") ? 0 : Long.parseLong(value.replaceAll("\\D", ""));
    }

    private static String firstValue(String file, String key) {
        try {
            for (String line : Files.readAllLines(Path.of(file))) {
                if (line.startsWith(key) && line.contains(":")) {
                    return line.substring(line.indexOf(':') + 1).trim();
                }
            }
        } catch (IOException e) {
            // not Linux
        }
        return "unknown";
    }
}
