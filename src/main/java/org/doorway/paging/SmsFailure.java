package org.doorway.paging;

/**
 * The SMS provider did not take a message. {@link #temporary()} failures (provider unreachable,
 * overloaded or erroring) are worth retrying; permanent ones (invalid number, recipient opted out)
 * are not, and the handoff escalates at once.
 */
public class SmsFailure extends RuntimeException {

    private final boolean temporary;
    private final String code;

    private SmsFailure(boolean temporary, String code, Throwable cause) {
        super((temporary ? "temporary" : "permanent") + " SMS failure " + code, cause);
        this.temporary = temporary;
        this.code = code;
    }

    static SmsFailure temporary(String code, Throwable cause) {
        return new SmsFailure(true, code, cause);
    }

    static SmsFailure permanent(String code, Throwable cause) {
        return new SmsFailure(false, code, cause);
    }

    boolean temporary() {
        return temporary;
    }

    /** The provider's error code, or a short name of the failure. */
    String code() {
        return code;
    }
}
