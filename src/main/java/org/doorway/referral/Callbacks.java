package org.doorway.referral;

import com.google.i18n.phonenumbers.NumberParseException;
import com.google.i18n.phonenumbers.PhoneNumberUtil;
import com.google.i18n.phonenumbers.Phonenumber;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The one test a referrer's callback passes before anything offers it as a link: it must be a
 * {@code tel:} URI whose number libphonenumber finds valid, and what is offered is rebuilt from the
 * parsed number ({@code tel:+12065550142}), never the text the source sent. A source can put any
 * text in a callback ({@code javascript:…}, {@code data:…}, markup); whatever fails this test is at
 * most shown as text.
 *
 * <p>A {@code tel:} number without a country code ({@code tel:8195551212}, as some CAD systems send
 * it) is read as a North American number ({@link #DEFAULT_REGION}): LEAD sites are in the United
 * States. Parameters after the number ({@code ;ext=…}, {@code ;phone-context=…}) are not kept.
 */
public final class Callbacks {

    /** The region a {@code tel:} number without a country code is read in. */
    public static final String DEFAULT_REGION = "US";

    private static final PhoneNumberUtil UTIL = PhoneNumberUtil.getInstance();

    /** Digits with RFC 3966's visual separators, an optional leading {@code +}, and nothing else. */
    private static final Pattern NUMBER = Pattern.compile("\\+?[0-9][0-9().\\-]{2,30}");

    private Callbacks() {}

    /**
     * The {@code tel:} URI of the E.164 form of {@code callback}'s number, when {@code callback} is a
     * {@code tel:} URI (scheme in any case) holding only a number that libphonenumber finds valid;
     * empty for {@code null}, any other scheme, any other text, and numbers that cannot exist.
     */
    public static Optional<String> tel(String callback) {
        return e164(callback).map(number -> "tel:" + number);
    }

    /** The E.164 number ({@code +12065550142}) of a callback {@link #tel} accepts; empty otherwise. */
    public static Optional<String> e164(String callback) {
        if (callback == null || callback.length() > 200) {
            return Optional.empty();
        }
        String uri = callback.strip();
        if (!uri.toLowerCase(Locale.ROOT).startsWith("tel:")) {
            return Optional.empty();
        }
        String number = uri.substring("tel:".length());
        int parameters = number.indexOf(';');
        if (parameters >= 0) {
            number = number.substring(0, parameters);
        }
        if (!NUMBER.matcher(number).matches()) {
            return Optional.empty();
        }
        try {
            Phonenumber.PhoneNumber parsed = UTIL.parse(number, DEFAULT_REGION);
            if (!UTIL.isValidNumber(parsed)) {
                return Optional.empty();
            }
            return Optional.of(UTIL.format(parsed, PhoneNumberUtil.PhoneNumberFormat.E164));
        } catch (NumberParseException e) {
            return Optional.empty();
        }
    }
}
