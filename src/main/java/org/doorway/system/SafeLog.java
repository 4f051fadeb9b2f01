package org.doorway.system;

import java.util.ArrayList;
import java.util.List;

/**
 * Describes a failure for the log without its messages: exception messages from parsers and
 * drivers can quote the data being processed, which may be health or criminal-legal information.
 * What remains (exception types and where they were thrown) is enough to find the fault.
 */
public final class SafeLog {

    private SafeLog() {}

    /** Exception class names along the cause chain, each with the frame that threw it. */
    public static String describe(Throwable failure) {
        List<String> parts = new ArrayList<>();
        for (Throwable t = failure; t != null && parts.size() < 6; t = t.getCause() == t ? null : t.getCause()) {
            StackTraceElement[] trace = t.getStackTrace();
            parts.add(t.getClass().getName() + (trace.length > 0 ? " at " + trace[0] : ""));
        }
        return String.join(" <- caused by ", parts);
    }
}
