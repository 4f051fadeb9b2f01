package org.doorway.paging;

/**
 * The SMS provider did not take a message. {@link #temporary()} failures (nothing was sent: the
 * provider unreachable, or saying it is overloaded or unavailable) are worth retrying; permanent ones (invalid number, recipient opted out)
 * are not, and the handoff escalates at once. An {@link #uncertain()} one is neither: the request
 * reached the provider but its answer never came back (or came back as a server error), so the
 * message may have gone out and is never sent again.
 */
public class SmsFailure extends RuntimeException {

    private final boolean temporary;
    private final boolean uncertain;
    private final String code;

    private SmsFailure(boolean temporary, boolean uncertain, String code, Throwable cause) {
        super((uncertain ? "uncertain" : temporary ? "temporary" : "permanent") + " SMS failure " + code, cause);
        this.temporary = temporary;
        this.uncertain = uncertain;
        this.code = code;
    }

    private SmsFailure(boolean temporary, String code, Throwable cause) {
        this(temporary, false, code, cause);
    }

    /** The request was sent but no answer came (a read timeout): the provider may have taken it. */
    public static SmsFailure uncertain(String code, Throwable cause) {
        return new SmsFailure(false, true, code, cause);
    }

    /** Whether this failure is a request that was sent and whose answer timed out, rather than one never sent. */
    public static boolean answerLost(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof java.net.SocketTimeoutException) {
                return true;
            }
        }
        return false;
    }

    public boolean uncertain() {
        return uncertain;
    }

    public static SmsFailure temporary(String code, Throwable cause) {
        return new SmsFailure(true, code, cause);
    }

    public static SmsFailure permanent(String code, Throwable cause) {
        return new SmsFailure(false, code, cause);
    }

    public boolean temporary() {
        return temporary;
    }

    /** The provider's error code, or a short name of the failure. */
    public String code() {
        return code;
    }
}
