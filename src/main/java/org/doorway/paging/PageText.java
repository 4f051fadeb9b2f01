package org.doorway.paging;

import java.text.Normalizer;
import org.doorway.referral.Door;

/**
 * The words of a page. A page carries only what a case manager needs to decide to go: the short
 * reference, the door, the place and how to answer. Never a name, date of birth, charge or
 * diagnosis; the details sit behind Doorway's sign-in.
 *
 * <p>Pages are written in the GSM-7 alphabet and kept to one 160-character SMS segment: the place
 * is shortened to fit, since the reference and the reply code are what must not be lost.
 */
final class PageText {

    static final int SEGMENT = 160;

    private PageText() {}

    /** The page for one escalation step. */
    static String page(String shortRef, Door door, String place, int replyCode) {
        String head = "Doorway LEAD " + shortRef + ": URGENT warm handoff, " + doorWords(door) + ". ";
        String tail = " Reply " + replyCode + "a to take it, " + replyCode + "d to pass.";
        String readable = place == null ? "" : gsm(place).strip();
        String where = readable.isEmpty() ? "Place: ask dispatch." : readable + ".";
        int room = SEGMENT - head.length() - tail.length();
        if (where.length() > room) {
            where = where.substring(0, Math.max(0, room - 3)).stripTrailing() + "...";
        }
        return head + where + tail;
    }

    /** The reminder to a case manager who acknowledged but has not said they are on their way. */
    static String reminder(String shortRef, int replyCode) {
        return "Doorway LEAD " + shortRef + ": still coming? Reply " + replyCode + "r when en route, or "
                + replyCode + "d if you cannot.";
    }

    static String doorWords(Door door) {
        return switch (door) {
            case ARREST_DIVERSION -> "arrest diversion";
            case SOCIAL_CONTACT -> "social contact";
            case COMMUNITY -> "community referral";
        };
    }

    /**
     * Text reduced to characters every handset shows in one GSM-7 segment: accents dropped,
     * anything else outside plain ASCII replaced by a space.
     */
    static String gsm(String text) {
        String plain = Normalizer.normalize(text, Normalizer.Form.NFD).replaceAll("\\p{M}", "");
        StringBuilder out = new StringBuilder(plain.length());
        for (char c : plain.toCharArray()) {
            out.append(c >= 32 && c < 127 && c != '`' && c != '^' && c != '{' && c != '}' && c != '[' && c != ']'
                    && c != '~' && c != '|' && c != '\\' ? c : ' ');
        }
        return out.toString().replaceAll(" {2,}", " ");
    }
}
