package org.doorway.portal;

import com.google.i18n.phonenumbers.NumberParseException;
import com.google.i18n.phonenumbers.PhoneNumberUtil;
import com.google.i18n.phonenumbers.Phonenumber;
import java.util.Optional;

/** Reads the phone numbers people type ("(206) 555-0142") as E.164 numbers, with libphonenumber. */
final class PhoneNumbers {

    private static final PhoneNumberUtil UTIL = PhoneNumberUtil.getInstance();

    private PhoneNumbers() {}

    /**
     * The E.164 form of {@code typed} ({@code +12065550142}), reading a number without a country
     * code as one of {@code region}; empty when it is not a valid number there.
     */
    static Optional<String> e164(String typed, String region) {
        if (typed == null || typed.isBlank() || typed.length() > 40) {
            return Optional.empty();
        }
        try {
            Phonenumber.PhoneNumber number = UTIL.parse(typed, region);
            if (!UTIL.isValidNumber(number)) {
                return Optional.empty();
            }
            return Optional.of(UTIL.format(number, PhoneNumberUtil.PhoneNumberFormat.E164));
        } catch (NumberParseException e) {
            return Optional.empty();
        }
    }

    /** A {@code tel:} URI of an E.164 number (RFC 3966). */
    static String telUri(String e164) {
        return "tel:" + e164;
    }

    /** An example number as people in {@code region} write one, for hints: {@code (201) 555-0123}. */
    static String example(String region) {
        Phonenumber.PhoneNumber example = UTIL.getExampleNumber(region);
        return example == null ? "" : UTIL.format(example, PhoneNumberUtil.PhoneNumberFormat.NATIONAL);
    }
}
