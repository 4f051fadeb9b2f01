package org.doorway.paging;

import static org.assertj.core.api.Assertions.assertThat;

import org.doorway.referral.Door;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.NullSource;
import org.junit.jupiter.params.provider.ValueSource;

class PageTextTest {

    private static final String REF = "K7MQ2T";

    /** Characters of the GSM 03.38 default alphabet that cost one septet each and exist in ASCII. */
    private static final String GSM7_BASIC_ASCII =
            " !\"#$%&'()*+,-./0123456789:;<=>?@ABCDEFGHIJKLMNOPQRSTUVWXYZ_" + "abcdefghijklmnopqrstuvwxyz";

    private static void assertOneGsm7Segment(String page) {
        assertThat(page.length()).as(page).isLessThanOrEqualTo(160);
        for (char c : page.toCharArray()) {
            assertThat(GSM7_BASIC_ASCII)
                    .as("character U+%04X in %s", (int) c, page)
                    .contains(String.valueOf(c));
        }
    }

    private static String longAddress() {
        StringBuilder address = new StringBuilder("1400 Quillfeather Lane North, Unit 12, ");
        while (address.length() < 300) {
            address.append("between the old ferry terminal and the bus depot, ");
        }
        return address.substring(0, 300);
    }

    @ParameterizedTest(name = "{0}, reply code {1}")
    @CsvSource({"ARREST_DIVERSION, 99", "SOCIAL_CONTACT, 7", "COMMUNITY, 1", "COMMUNITY, 42"})
    void fitsOneSegmentWithA300CharacterAddressKeepingReferenceAndReplyCode(Door door, int code) {
        String address = longAddress();
        assertThat(address).hasSize(300);

        String page = PageText.page(REF, door, address, code);

        assertOneGsm7Segment(page);
        assertThat(page)
                .startsWith("Doorway LEAD " + REF + ": ")
                .contains(PageText.doorWords(door))
                .contains("1400 Quillfeather Lane North")
                .contains("...")
                .endsWith(" Reply " + code + "a to take it, " + code + "d to pass.");
    }

    @Test
    void keepsAnAddressThatJustFitsAndShortensOneCharacterMore() {
        int withoutPlace = PageText.page(REF, Door.ARREST_DIVERSION, "X", 99).length() - "X.".length();
        int room = 160 - withoutPlace; // for the place and its full stop
        String justFits = "A".repeat(room - 1);
        String oneTooMany = "A".repeat(room);

        String kept = PageText.page(REF, Door.ARREST_DIVERSION, justFits, 99);
        String shortened = PageText.page(REF, Door.ARREST_DIVERSION, oneTooMany, 99);

        assertThat(kept).hasSize(160).contains(justFits + ".").doesNotContain("...");
        assertThat(shortened)
                .hasSizeLessThanOrEqualTo(160)
                .contains("...")
                .endsWith(" Reply 99a to take it, 99d to pass.");
    }

    @Test
    void dropsTrailingSpaceBeforeTheEllipsis() {
        int withoutPlace = PageText.page(REF, Door.COMMUNITY, "X", 3).length() - "X.".length();
        int room = 160 - withoutPlace;
        // the cut (room - 3 characters) falls just after the first of several spaces
        String place = "A".repeat(room - 4) + "     " + "B".repeat(50);

        String page = PageText.page(REF, Door.COMMUNITY, place, 3);

        assertThat(page)
                .hasSizeLessThanOrEqualTo(160)
                .contains("A...")
                .doesNotContain(" ...")
                .doesNotContain("B");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(
            delimiter = '|',
            value = {
                "Café Ñuñoa, 12 Rue de l'Église | Cafe Nunoa, 12 Rue de l'Eglise",
                "Crème brûlée bakery, Zoë's corner | Creme brulee bakery, Zoe's corner",
                "12 Main St 🏠 by the 🚌 stop | 12 Main St by the stop",
                "“Blue Door” shelter, O’Brien St | Blue Door shelter, O Brien St",
                "Αθήνα 5 Pine St | 5 Pine St",
                "東京 7 Oak Ave | 7 Oak Ave",
                "Unit [3] {rear} ~ back | Unit 3 rear back",
            })
    void reducesCharactersOutsideGsm7(String place, String expectedWords) {
        String page = PageText.page(REF, Door.COMMUNITY, place, 5);

        assertOneGsm7Segment(page);
        assertThat(page).contains(expectedWords);
    }

    @Test
    void gsmDropsAccentsAndReplacesOtherCharactersWithASingleSpace() {
        assertThat(PageText.gsm("Ångström")).isEqualTo("Angstrom");
        assertThat(PageText.gsm("a😀😀b")).isEqualTo("a b");
        assertThat(PageText.gsm("a\tb\nc")).isEqualTo("a b c");
        assertThat(PageText.gsm("5th & Pine @ 3rd_st #2; 50% (approx) = ok?"))
                .isEqualTo("5th & Pine @ 3rd_st #2; 50% (approx) = ok?");
    }

    @ParameterizedTest
    @NullSource
    @ValueSource(strings = {"", "   ", "\t\n"})
    void saysToAskDispatchWhenThePlaceIsUnknown(String place) {
        String page = PageText.page(REF, Door.SOCIAL_CONTACT, place, 2);

        assertThat(page)
                .isEqualTo("Doorway LEAD K7MQ2T: URGENT warm handoff, social contact. Place: ask dispatch."
                        + " Reply 2a to take it, 2d to pass.");
    }

    @ParameterizedTest
    @ValueSource(strings = {"東京都", "🏠", "Αθήνα"})
    void saysToAskDispatchWhenNothingOfThePlaceSurvivesGsm7(String place) {
        assertThat(PageText.page(REF, Door.SOCIAL_CONTACT, place, 2)).contains("Place: ask dispatch.");
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource({
        "ARREST_DIVERSION, arrest diversion",
        "SOCIAL_CONTACT,   social contact",
        "COMMUNITY,        community referral",
    })
    void eachDoorHasItsOwnWords(Door door, String words) {
        assertThat(PageText.doorWords(door)).isEqualTo(words);
        assertThat(PageText.page(REF, door, "1 Main St", 1)).contains("URGENT warm handoff, " + words + ".");
    }

    @ParameterizedTest
    @EnumSource(Door.class)
    void everyDoorFitsWithTheLongestReplyCode(Door door) {
        assertOneGsm7Segment(PageText.page(REF, door, longAddress(), 99));
    }

    @Test
    void pageCarriesShortReferenceDoorPlaceAndReplyCode() {
        assertThat(PageText.page(REF, Door.ARREST_DIVERSION, "  1400 Pine St, Seattle  ", 4))
                .isEqualTo(
                        "Doorway LEAD K7MQ2T: URGENT warm handoff, arrest diversion. 1400 Pine St, Seattle. Reply 4a to take it, 4d to pass.");
    }

    @Test
    void stillComingAsksWithTheCodesOfEveryPageInOneSegment() {
        String asked = PageText.stillComing(REF, 99);

        assertOneGsm7Segment(asked);
        assertThat(asked)
                .startsWith("Doorway LEAD K7MQ2T: not on scene yet. Still coming?")
                .contains("99r", "99r 10", "99s", "99d");
    }

    @ParameterizedTest
    @ValueSource(strings = {"PAGING", "ACKNOWLEDGED", "EN_ROUTE", "UNANSWERED"})
    void nearTargetAlertSaysOnlyTheReferenceTheMinutesAndWhereTheHandoffStands(String state) {
        String alert = PageText.nearTarget(REF, 20, state);

        assertOneGsm7Segment(alert);
        assertThat(alert).startsWith("Doorway LEAD K7MQ2T: warm handoff 20 min old, nobody on scene (");
    }

    @Test
    void theOfficerHearsWhenTheCaseManagerNeverArrived() {
        String notice = PageText.officerNotice(REF, "OVERDUE", "Ana Okafor", null);

        assertOneGsm7Segment(notice);
        assertThat(notice).contains("has not arrived").contains("Paging the next one now.");
    }
}
