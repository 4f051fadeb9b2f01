package org.doorway.intake.nibrs;

import java.util.Map;

/**
 * The NIBRS code lists Doorway turns into words (FBI NIBRS Technical Specification / XML IEPD
 * code lists). A code outside a list is kept as written and warned about, never guessed.
 */
final class NibrsCodes {

    private NibrsCodes() {}

    /** UCR offence codes (data element 6 and 45), Group A then Group B. */
    static final Map<String, String> UCR_OFFENCES = Map.ofEntries(
            Map.entry("09A", "Murder and Nonnegligent Manslaughter"),
            Map.entry("09B", "Negligent Manslaughter"),
            Map.entry("09C", "Justifiable Homicide"),
            Map.entry("100", "Kidnapping/Abduction"),
            Map.entry("11A", "Rape"),
            Map.entry("11B", "Sodomy"),
            Map.entry("11C", "Sexual Assault With An Object"),
            Map.entry("11D", "Fondling"),
            Map.entry("120", "Robbery"),
            Map.entry("13A", "Aggravated Assault"),
            Map.entry("13B", "Simple Assault"),
            Map.entry("13C", "Intimidation"),
            Map.entry("200", "Arson"),
            Map.entry("210", "Extortion/Blackmail"),
            Map.entry("220", "Burglary/Breaking & Entering"),
            Map.entry("23A", "Pocket-picking"),
            Map.entry("23B", "Purse-snatching"),
            Map.entry("23C", "Shoplifting"),
            Map.entry("23D", "Theft From Building"),
            Map.entry("23E", "Theft From Coin-Operated Machine or Device"),
            Map.entry("23F", "Theft From Motor Vehicle"),
            Map.entry("23G", "Theft of Motor Vehicle Parts or Accessories"),
            Map.entry("23H", "All Other Larceny"),
            Map.entry("240", "Motor Vehicle Theft"),
            Map.entry("250", "Counterfeiting/Forgery"),
            Map.entry("26A", "False Pretenses/Swindle/Confidence Game"),
            Map.entry("26B", "Credit Card/Automated Teller Machine Fraud"),
            Map.entry("26C", "Impersonation"),
            Map.entry("26D", "Welfare Fraud"),
            Map.entry("26E", "Wire Fraud"),
            Map.entry("26F", "Identity Theft"),
            Map.entry("26G", "Hacking/Computer Invasion"),
            Map.entry("270", "Embezzlement"),
            Map.entry("280", "Stolen Property Offenses"),
            Map.entry("290", "Destruction/Damage/Vandalism of Property"),
            Map.entry("35A", "Drug/Narcotic Violations"),
            Map.entry("35B", "Drug Equipment Violations"),
            Map.entry("36A", "Incest"),
            Map.entry("36B", "Statutory Rape"),
            Map.entry("370", "Pornography/Obscene Material"),
            Map.entry("39A", "Betting/Wagering"),
            Map.entry("39B", "Operating/Promoting/Assisting Gambling"),
            Map.entry("39C", "Gambling Equipment Violations"),
            Map.entry("39D", "Sports Tampering"),
            Map.entry("40A", "Prostitution"),
            Map.entry("40B", "Assisting or Promoting Prostitution"),
            Map.entry("40C", "Purchasing Prostitution"),
            Map.entry("510", "Bribery"),
            Map.entry("520", "Weapon Law Violations"),
            Map.entry("64A", "Human Trafficking, Commercial Sex Acts"),
            Map.entry("64B", "Human Trafficking, Involuntary Servitude"),
            Map.entry("720", "Animal Cruelty"),
            Map.entry("90A", "Bad Checks"),
            Map.entry("90B", "Curfew/Loitering/Vagrancy Violations"),
            Map.entry("90C", "Disorderly Conduct"),
            Map.entry("90D", "Driving Under the Influence"),
            Map.entry("90E", "Drunkenness"),
            Map.entry("90F", "Family Offenses, Nonviolent"),
            Map.entry("90G", "Liquor Law Violations"),
            Map.entry("90H", "Peeping Tom"),
            Map.entry("90J", "Trespass of Real Property"),
            Map.entry("90Z", "All Other Offenses"));

    /** Type of arrest (data element 43). */
    static final Map<String, String> ARREST_TYPES = Map.of(
            "O", "On-view arrest",
            "S", "Summoned/cited",
            "T", "Taken into custody");

    /** Arrestee was armed with (data element 46); an {@code A} suffix means automatic. */
    static final Map<String, String> ARMED_WITH = Map.of(
            "01", "Unarmed",
            "11", "Firearm (type not stated)",
            "12", "Handgun",
            "13", "Rifle",
            "14", "Shotgun",
            "15", "Other firearm",
            "16", "Lethal cutting instrument",
            "17", "Club/blackjack/brass knuckles");

    /** Race (data element 49), NDEx codes. */
    static final Map<String, String> RACE = Map.of(
            "W", "White",
            "B", "Black or African American",
            "I", "American Indian or Alaska Native",
            "A", "Asian",
            "P", "Native Hawaiian or Other Pacific Islander",
            "U", "Unknown");

    /** Ethnicity (data element 50). */
    static final Map<String, String> ETHNICITY = Map.of(
            "H", "Hispanic or Latino",
            "N", "Not Hispanic or Latino",
            "U", "Unknown");

    /** Sex (data element 48). */
    static final Map<String, String> SEX = Map.of(
            "M", "Male",
            "F", "Female",
            "U", "Unknown");

    /** The words for an armed-with code, including the automatic-weapon suffix; null if unknown. */
    static String armedWith(String code) {
        if (code.length() == 3 && (code.endsWith("A") || code.endsWith("a"))) {
            String weapon = ARMED_WITH.get(code.substring(0, 2));
            return weapon == null || code.startsWith("01") || code.startsWith("16") || code.startsWith("17")
                    ? null
                    : weapon + ", automatic";
        }
        return ARMED_WITH.get(code);
    }
}
