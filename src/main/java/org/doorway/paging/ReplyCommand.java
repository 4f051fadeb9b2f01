package org.doorway.paging;

import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What a case manager's SMS reply asks for. Replies name a page by the number it was sent with,
 * then a letter: {@code 1a} take it (acknowledge), {@code 1d} decline, {@code 1r} en route,
 * {@code 1s} on scene, {@code 1h} handed off, {@code 1x} the person had left. The letter alone ({@code a}, {@code ack}, {@code r}…)
 * means the newest page to that phone. An ETA in minutes may follow {@code a} or {@code r}
 * ({@code 1a 15}). The carriers' keywords are understood too: STOP (and its synonyms), START, HELP.
 *
 * @param code       the page's reply code, or {@code null} for "the newest"
 * @param action     what to do
 * @param etaMinutes the ETA given, or {@code null}
 */
record ReplyCommand(Integer code, Action action, Integer etaMinutes) {

    enum Action {
        ACKNOWLEDGE,
        DECLINE,
        EN_ROUTE,
        ON_SCENE,
        HANDED_OFF,
        PERSON_LEFT,
        STOP,
        START,
        HELP
    }

    private static final Pattern CODED = Pattern.compile("(\\d{1,2})\\s*(a|ack|d|r|s|h|x)(?:\\s+(\\d{1,3}))?");
    private static final Pattern BARE = Pattern.compile("(a|ack|d|r|s|h|x)(?:\\s+(\\d{1,3}))?");
    private static final Set<String> STOP_WORDS =
            Set.of("stop", "stopall", "unsubscribe", "cancel", "end", "quit", "revoke", "optout");
    private static final Set<String> START_WORDS = Set.of("start", "unstop", "yes");
    private static final Set<String> HELP_WORDS = Set.of("help", "info");

    /** The command in a reply, or empty when the reply is not one Doorway understands. */
    static Optional<ReplyCommand> parse(String body) {
        if (body == null) {
            return Optional.empty();
        }
        String text = body.strip().toLowerCase(Locale.ROOT).replaceAll("[.!]+$", "");
        if (STOP_WORDS.contains(text)) {
            return Optional.of(new ReplyCommand(null, Action.STOP, null));
        }
        if (START_WORDS.contains(text)) {
            return Optional.of(new ReplyCommand(null, Action.START, null));
        }
        if (HELP_WORDS.contains(text)) {
            return Optional.of(new ReplyCommand(null, Action.HELP, null));
        }
        Matcher coded = CODED.matcher(text);
        if (coded.matches()) {
            return command(Integer.valueOf(coded.group(1)), coded.group(2), coded.group(3));
        }
        Matcher bare = BARE.matcher(text);
        if (bare.matches()) {
            return command(null, bare.group(1), bare.group(2));
        }
        return Optional.empty();
    }

    private static Optional<ReplyCommand> command(Integer code, String letter, String eta) {
        Action action = switch (letter) {
            case "a", "ack" -> Action.ACKNOWLEDGE;
            case "d" -> Action.DECLINE;
            case "r" -> Action.EN_ROUTE;
            case "s" -> Action.ON_SCENE;
            case "x" -> Action.PERSON_LEFT;
            default -> Action.HANDED_OFF;
        };
        if (eta != null && action != Action.ACKNOWLEDGE && action != Action.EN_ROUTE) {
            return Optional.empty(); // "1h 15" means nothing
        }
        return Optional.of(new ReplyCommand(code, action, eta == null ? null : Integer.valueOf(eta)));
    }
}
