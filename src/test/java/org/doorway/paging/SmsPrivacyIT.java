package org.doorway.paging;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.doorway.DoorwayAppIT;
import org.doorway.testing.EidoDocuments;
import org.doorway.testing.FakeTwilio;
import org.junit.jupiter.api.Test;

/**
 * SMS is not a safe place for health or criminal-legal information: no outbound message (pages,
 * escalations, answers to replies) may carry any personal field of the referral it is about.
 * The referral here is full of distinctive personal data in every field a source can fill.
 */
class SmsPrivacyIT extends DoorwayAppIT {

    private static final Pattern TWIML_MESSAGE = Pattern.compile("<Message>(.*?)</Message>");

    @Test
    void noOutboundSmsCarriesAnyPersonalFieldOfTheReferral() {
        ObjectNode doc = EidoDocuments.leadRequest(d -> {
            ObjectNode person = (ObjectNode) d.get("personComponent").get(0).get("ncPersonComponent");
            ((ObjectNode) person.get("name").get(0).get("personGivenName").get(0)).put("value", "Zebulon");
            ((ObjectNode) person.get("name").get(0).get("personSurName").get(0)).put("value", "Quixotefield");
            ((ObjectNode) person.get("birthDate").get(0).get("date").get(0)).put("value", "1971-03-09");
            ((ObjectNode) d.get("notesComponent").get(0))
                    .put(
                            "notesActionComments",
                            "<p>Known schizoaffective disorder; on clozapine. Charged with criminal trespass 2 last month.</p>");
            ((ObjectNode) d.get("callbackComponent").get(0))
                    .set(
                            "callBackInformationUri",
                            ((ArrayNode) d.get("callbackComponent").get(0).get("callBackInformationUri"))
                                    .removeAll()
                                    .add("tel:+12065559876"));
            ((ObjectNode) d.get("locationComponent").get(0))
                    .put("locationDescriptionText", "outside Zebulon's tent behind the methadone clinic");
            EidoDocuments.incident(d).put("incidentTypeInternalText", "LEAD - PSYCHIATRIC CRISIS, SUICIDAL IDEATION");
        });
        Response accepted = postEido(FAST_KEY, EidoDocuments.bytes(doc));
        JsonNode created = accepted.json().path("referrals").get(0);
        String ref = created.path("shortRef").asText();
        // The referral as stored, as staff with full sight see it (its source gets no personal data back).
        JsonNode stored = call(
                        admin(),
                        "GET",
                        "/api/v1/referrals/" + created.path("id").asText(),
                        null)
                .json();

        // Every page of the escalation, plus the answers to replies a case manager might send.
        List<FakeTwilio.Sms> pages = twilio.awaitSent(sms -> sms.body().contains(ref), 3);
        List<String> bodies =
                new ArrayList<>(pages.stream().map(FakeTwilio.Sms::body).toList());
        for (String reply : List.of("who is it?", "a", "1a", "a")) {
            Matcher answer = TWIML_MESSAGE.matcher(
                    phone().reply(pages.get(0).to(), reply).body());
            while (answer.find()) {
                bodies.add(answer.group(1));
            }
        }

        Set<String> personal = personalValues(stored);
        assertThat(personal)
                .as("the fixture really carries personal data")
                .contains(
                        "Zebulon",
                        "Quixotefield",
                        "1971-03-09",
                        "schizoaffective",
                        "clozapine",
                        "trespass",
                        "2065559876");
        for (String body : bodies) {
            String text = body.toLowerCase(Locale.ROOT);
            assertThat(personal).as("SMS: %s", body).noneMatch(value -> text.contains(value.toLowerCase(Locale.ROOT)));
        }
    }

    /**
     * Every value of the stored referral that is about the person or could reveal health or legal
     * details: person descriptors, notes, callback, the free-text place description, charges and
     * the call type's text, as whole values and as their longer words.
     */
    private static Set<String> personalValues(JsonNode referral) {
        Set<String> values = new TreeSet<>();
        List<JsonNode> sources = new ArrayList<>();
        referral.path("persons").forEach(sources::add);
        referral.path("notes").forEach(sources::add);
        referral.path("charges").forEach(sources::add);
        sources.add(referral.path("referrer").path("callback"));
        sources.add(referral.path("location").path("description"));
        sources.add(referral.path("callType").path("text"));
        for (JsonNode source : sources) {
            collect(source, values);
        }
        values.removeIf(v -> v.length() < 4);
        return values;
    }

    private static void collect(JsonNode node, Set<String> into) {
        if (node.isTextual()) {
            String text = node.asText();
            into.add(text);
            into.add(
                    text.replaceAll("\\D", "").length() >= 7
                            ? text.replaceAll("\\D", "").substring(1)
                            : text);
            for (String word : text.split("[^\\p{L}\\p{N}-]+")) {
                if (word.length() >= 6 && !word.equalsIgnoreCase("handoff") && !word.equalsIgnoreCase("warm")) {
                    into.add(word);
                }
            }
        } else if (node.isContainerNode()) {
            node.forEach(child -> collect(child, into));
        }
    }
}
