package org.doorway.portal;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Callback numbers as people type them, read as E.164 for a {@code tel:} URI. */
class PhoneNumbersTest {

    @Test
    void readsTheWaysPeopleWriteALocalNumber() {
        assertThat(PhoneNumbers.e164("(206) 555-0142", "US")).hasValue("+12065550142");
        assertThat(PhoneNumbers.e164("206.555.0142", "US")).hasValue("+12065550142");
        assertThat(PhoneNumbers.e164("2065550142", "US")).hasValue("+12065550142");
        assertThat(PhoneNumbers.e164("1 206 555 0142", "US")).hasValue("+12065550142");
        assertThat(PhoneNumbers.e164("+1 206-555-0142", "US")).hasValue("+12065550142");
    }

    @Test
    void keepsAnotherCountrysNumberWhenItsCodeIsGiven() {
        assertThat(PhoneNumbers.e164("+44 20 7946 0958", "US")).hasValue("+442079460958");
    }

    @Test
    void refusesWhatIsNotANumberOneCouldCall() {
        assertThat(PhoneNumbers.e164("555-0142", "US")).isEmpty(); // no area code
        assertThat(PhoneNumbers.e164("911", "US")).isEmpty();
        assertThat(PhoneNumbers.e164("call me", "US")).isEmpty();
        assertThat(PhoneNumbers.e164("", "US")).isEmpty();
        assertThat(PhoneNumbers.e164(null, "US")).isEmpty();
        assertThat(PhoneNumbers.e164("2".repeat(41), "US")).isEmpty();
    }

    @Test
    void writesATelUriAndAnExampleForTheHint() {
        assertThat(PhoneNumbers.telUri("+12065550142")).isEqualTo("tel:+12065550142");
        assertThat(PhoneNumbers.example("US")).matches("\\(\\d{3}\\) \\d{3}-\\d{4}");
    }
}
