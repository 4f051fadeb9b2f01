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

    /** The page for one escalation step, without a link. */
    static String page(String shortRef, Door door, String place, int replyCode) {
        return page(shortRef, door, place, replyCode, null);
    }

    /**
     * The page for one escalation step, ending with its one-tap link when there is one. The place
     * is shortened to keep one segment, but never below {@link #MIN_PLACE} characters: past that, a
     * long link makes a second segment rather than an unrecognisable address.
     */
    static String page(String shortRef, Door door, String place, int replyCode, String link) {
        String head = "Doorway LEAD " + shortRef + ": URGENT warm handoff, " + doorWords(door) + ". ";
        String tail =
                " Reply " + replyCode + "a to take it, " + replyCode + "d to pass." + (link == null ? "" : " " + link);
        String readable = place == null ? "" : gsm(place).strip();
        String where = readable.isEmpty() ? "Place: ask dispatch." : readable + ".";
        int room = Math.max(SEGMENT - head.length() - tail.length(), link == null ? 0 : MIN_PLACE);
        if (where.length() > room) {
            where = where.substring(0, Math.max(0, room - 3)).stripTrailing() + "...";
        }
        return head + where + tail;
    }

    /** The shortest a place is cut to make room for a link. */
    static final int MIN_PLACE = 32;

    /**
     * The words of a voice call: the same facts as the text, spoken, with the reference spelled out
     * letter by letter. The keys to press are added by the call itself.
     */
    static String speech(String shortRef, Door door, String place) {
        String spelled = String.join(" ", shortRef.split(""));
        String where = place == null || gsm(place).isBlank()
                ? "Ask dispatch for the place."
                : "At " + gsm(place).strip() + ".";
        return "This is Doorway with an urgent LEAD warm handoff, " + doorWords(door) + ". " + where + " Reference "
                + spelled + ".";
    }

    /** The reminder to a case manager who acknowledged but has not said they are on their way. */
    static String reminder(String shortRef, int replyCode) {
        return "Doorway LEAD " + shortRef + ": still coming? Reply " + replyCode + "r when en route, or " + replyCode
                + "d if you cannot.";
    }

    /**
     * The question to a case manager en route who is past their ETA and the site's grace: still
     * coming? Answered with the codes of every page ({@code r}, optionally with a new ETA;
     * {@code s}; {@code d}).
     */
    static String stillComing(String shortRef, int replyCode) {
        return "Doorway LEAD " + shortRef + ": not on scene yet. Still coming? Reply " + replyCode + "r (or "
                + replyCode + "r 10 for a new ETA), " + replyCode + "s on scene, " + replyCode + "d if you cannot.";
    }

    /**
     * The alert to a site's supervisor that a handoff nears its target with nobody on scene. Only
     * the reference, the minutes and the handoff's state: nothing about the person.
     */
    static String nearTarget(String shortRef, long minutes, String state) {
        String where = switch (state) {
            case "PAGING" -> "nobody has taken it yet";
            case "ACKNOWLEDGED" -> "taken, not yet en route";
            case "EN_ROUTE" -> "a case manager is en route";
            default -> "nobody could be reached";
        };
        return "Doorway LEAD " + shortRef + ": warm handoff " + minutes + " min old, nobody on scene (" + where
                + "). Details in Doorway.";
    }

    /**
     * What the officer who referred is told when the handoff moves, or {@code null} when this move
     * is not worth a text. Names only the case manager (staff) and the reference; never anything
     * about the person referred.
     *
     * @param kind       the move ({@code ACKNOWLEDGED}, {@code DECLINED}, {@code LAPSED}, {@code UNANSWERED}...)
     * @param responder  the case manager's display name, for {@code ACKNOWLEDGED}
     * @param etaMinutes their estimate, if they gave one
     */
    static String officerNotice(String shortRef, String kind, String responder, Integer etaMinutes) {
        String head = "Doorway LEAD " + shortRef + ": ";
        String text = switch (kind) {
            case "ACKNOWLEDGED" ->
                head + "case manager " + gsm(responder).strip() + " is coming"
                        + (etaMinutes == null ? ", no ETA given yet." : ", about " + etaMinutes + " min.");
            case "DECLINED", "LAPSED" -> head + "the case manager who was coming cannot. Paging the next one now.";
            case "OVERDUE" -> head + "the case manager has not arrived and did not confirm. Paging the next one now.";
            case "UNANSWERED" -> head + "no case manager can come. Please choose another path.";
            case "PERSON_LEFT" -> head + "the person had left when the case manager came. Handoff closed.";
            case "CANCELLED" -> head + "handoff cancelled. No case manager is coming.";
            default -> null;
        };
        if (text != null && text.length() > SEGMENT) {
            text = text.substring(0, SEGMENT - 3) + "...";
        }
        return text;
    }

    /** What the case manager on their way is told when dispatch or the officer calls the handoff off. */
    static String responderCancelled(String shortRef) {
        return "Doorway LEAD " + shortRef + ": cancelled by the referrer. No need to go. Thank you.";
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
            out.append(
                    c >= 32 && c < 127 && c != '`' && c != '^' && c != '{' && c != '}' && c != '[' && c != ']'
                                    && c != '~' && c != '|' && c != '\\'
                            ? c
                            : ' ');
        }
        return out.toString().replaceAll(" {2,}", " ");
    }
}
