package org.doorway.paging;

import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What a case manager's SMS reply asks for. Replies name a page by the number it was sent with
 * ({@code 1a}: acknowledge page 1); a bare {@code a} or {@code ack} means the newest page to that
 * phone. An ETA in minutes may follow an acknowledgement ({@code 1a 15}).
 *
 * @param code       the page's reply code, or {@code null} for "the newest"
 * @param action     what to do
 * @param etaMinutes the ETA given with an acknowledgement, or {@code null}
 */
record ReplyCommand(Integer code, Action action, Integer etaMinutes) {

    enum Action { ACKNOWLEDGE }

    private static final Pattern CODED = Pattern.compile("(\\d{1,2})\\s*(a|ack)(?:\\s+(\\d{1,3}))?");
    private static final Pattern BARE = Pattern.compile("(a|ack)(?:\\s+(\\d{1,3}))?");

    /** The command in a reply, or empty when the reply is not one Doorway understands. */
    static Optional<ReplyCommand> parse(String body) {
        if (body == null) {
            return Optional.empty();
        }
        String text = body.strip().toLowerCase(Locale.ROOT).replaceAll("[.!]+$", "");
        Matcher coded = CODED.matcher(text);
        if (coded.matches()) {
            return Optional.of(new ReplyCommand(Integer.valueOf(coded.group(1)), Action.ACKNOWLEDGE,
                    coded.group(3) == null ? null : Integer.valueOf(coded.group(3))));
        }
        Matcher bare = BARE.matcher(text);
        if (bare.matches()) {
            return Optional.of(new ReplyCommand(null, Action.ACKNOWLEDGE,
                    bare.group(2) == null ? null : Integer.valueOf(bare.group(2))));
        }
        return Optional.empty();
    }
}
