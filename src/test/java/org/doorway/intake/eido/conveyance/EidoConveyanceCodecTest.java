package org.doorway.intake.eido.conveyance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.doorway.intake.eido.conveyance.EidoConveyanceCodec.Event;
import org.doorway.intake.eido.conveyance.EidoConveyanceCodec.EventResponse;
import org.doorway.intake.eido.conveyance.EidoConveyanceCodec.Message;
import org.doorway.intake.eido.conveyance.EidoConveyanceCodec.Notified;
import org.doorway.intake.eido.conveyance.EidoConveyanceCodec.Response;
import org.doorway.intake.eido.conveyance.EidoConveyanceCodec.Subscribe;
import org.doorway.intake.eido.conveyance.EidoConveyanceCodec.SubscribeResponse;
import org.doorway.intake.eido.conveyance.EidoConveyanceCodec.Terminate;
import org.doorway.intake.eido.conveyance.EidoConveyanceCodec.TerminateResponse;
import org.doorway.intake.eido.conveyance.EidoConveyanceCodec.Unknown;
import org.doorway.intake.eido.conveyance.EidoConveyanceCodec.Unsubscribe;
import org.doorway.intake.eido.conveyance.EidoConveyanceCodec.UnsubscribeResponse;
import org.doorway.testing.SharedSamples;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The STA-024 messages: the public sample messages (read in place from ../shared/samples) are read
 * with every field, and written back exactly; notified EIDOs come out as the very bytes the server
 * sent; and the lenient readings documented on {@link EidoConveyanceCodec} hold.
 */
class EidoConveyanceCodecTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private final EidoConveyanceCodec codec = new EidoConveyanceCodec();

    private static String sample(String name) {
        return new String(SharedSamples.read("eido-conveyance-sta024-" + name + ".json"), StandardCharsets.UTF_8);
    }

    private Message decode(String text) throws Exception {
        return codec.decode(text);
    }

    @Test
    void readsTheSubscribeSampleWithEveryField() throws Exception {
        Subscribe subscribe = (Subscribe) decode(sample("BasicSubscribe"));

        assertThat(subscribe.requestId()).isEqualTo("63bfd612-f558-4489-b653-caa76a7edb9b");
        assertThat(subscribe.requestType()).isEqualTo("EIDO");
        assertThat(subscribe.requestSubType()).isEqualTo("new");
        assertThat(subscribe.requestAccepts()).isEqualTo("application/emergency.eido+json; version=\"1,2,3\"");
        assertThat(subscribe.qualFilter()).isEqualTo("<filter_string>");
        assertThat(subscribe.minRate()).isEqualTo(1500);
        assertThat(subscribe.subscriptionId()).isNull();
        assertThat(subscribe.expires()).isNull();
    }

    @Test
    void readsTheSubscribeResponseSample() throws Exception {
        SubscribeResponse response = (SubscribeResponse) decode(sample("BasicSubscribeResponse"));

        assertThat(response)
                .isEqualTo(new SubscribeResponse(
                        "63bfd612-f558-4489-b653-caa76a7edb9b", "sub1234", null, null, null, 3600, 200, "OK"));
    }

    @Test
    void readsTheUnsubscribeAndItsResponseWhoseRequestIdTheSampleLeavesOut() throws Exception {
        assertThat(decode(sample("BasicUnsubscribe")))
                .isEqualTo(new Unsubscribe("63bfd612-f558-4489-b653-caa76a7edb9b", "sub1234"));
        assertThat(decode(sample("BasicUnsubscribeResponse")))
                .isEqualTo(new UnsubscribeResponse(null, "sub1234", 200, "Unsubscribed"));
    }

    @Test
    void readsTheTerminateSampleAndItsResponse() throws Exception {
        assertThat(decode(sample("TerminateRequest")))
                .isEqualTo(new Terminate("63bfd612-f558-4489-b653-caa76a7edb9b", "sub1234"));
        assertThat(decode(sample("TerminateResponse")))
                .isEqualTo(new TerminateResponse("63bfd612-f558-4489-b653-caa76a7edb9b", "sub1234", 200, "OK"));
    }

    @Test
    void readsTheEventResponseSample() throws Exception {
        assertThat(decode(sample("NotifyResponse")))
                .isEqualTo(new EventResponse("f894fjhdsh940jdf@192.168.2.1", 200, "OK"));
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "BasicSubscribe",
                "BasicSubscribeResponse",
                "BasicUnsubscribe",
                "BasicUnsubscribeResponse",
                "NotifyResponse",
                "TerminateRequest",
                "TerminateResponse"
            })
    void writesEachSampleBackAsTheSameJson(String name) throws Exception {
        String text = sample(name);

        String written = codec.encode(decode(text));

        assertThat(JSON.readTree(written)).isEqualTo(JSON.readTree(text));
    }

    @Test
    void writesARefreshWithOnlyTheSubscriptionIdAndExpiresAsTheStandardRequires() throws Exception {
        String written =
                codec.encode(new Subscribe("r1", null, null, null, null, null, null, null, "sub1234", null, 3600));

        assertThat(JSON.readTree(written))
                .isEqualTo(JSON.readTree(
                        "{\"subscribe\":{\"requestId\":\"r1\",\"subscriptionId\":\"sub1234\",\"expires\":3600}}"));
    }

    @Test
    void takesEachNotifiedEidoAsTheExactBytesTheServerSent() throws Exception {
        String first =
                "{ \"$id\" : \"urn:emergency:uid:incidentid:a1:cad.test\",\n  \"name\": \"Zoë\", \"n\": [1, {\"x\": null}] }";
        String second = "{\"$id\":\"b\",\"$id\":\"duplicate key kept for intake to refuse\"}";
        String text = "{\"event\": {\"subscriptionId\": \"s1\", \"transactionId\": \"t1\", \"notification\": [ " + first
                + " ,\n" + second + "]}}";

        Event event = (Event) decode(text);

        assertThat(event.subscriptionId()).isEqualTo("s1");
        assertThat(event.transactionId()).isEqualTo("t1");
        assertThat(event.notification())
                .extracting(n -> new String(n.document(), StandardCharsets.UTF_8))
                .containsExactly(first, second);
    }

    @Test
    void findsTheNotificationWhereverItStandsAmongTheEventsFields() throws Exception {
        String text = "{\"event\": {\"notification\": [{\"a\": 1}], \"extra\": {\"notification\": []},"
                + " \"transactionId\": \"t2\", \"subscriptionId\": \"s2\"}}";

        Event event = (Event) decode(text);

        assertThat(event.transactionId()).isEqualTo("t2");
        assertThat(event.notification()).hasSize(1);
    }

    @Test
    void readsAnEventWithoutNotificationAsAKeepAlive() throws Exception {
        assertThat(((Event) decode("{\"event\":{\"subscriptionId\":\"s\",\"transactionId\":\"t\"}}")).notification())
                .isEmpty();
        assertThat(((Event) decode("{\"event\":{\"transactionId\":\"t\",\"notification\":null}}")).notification())
                .isEmpty();
        assertThat(((Event) decode("{\"event\":{\"transactionId\":\"t\",\"notification\":[]}}")).notification())
                .isEmpty();
    }

    @Test
    void acceptsTheNotifyAliasASingleEidoObjectAndEidosEncodedAsStrings() throws Exception {
        Event single = (Event) decode("{\"notify\":{\"transactionId\":\"t\",\"notification\":{\"$id\":\"one\"}}}");
        Event strings = (Event)
                decode("{\"Event\":{\"transactionId\":\"t\",\"notifications\":[\"{\\\"$id\\\":\\\"two\\\"}\"]}}");

        assertThat(single.notification())
                .extracting(n -> new String(n.document(), StandardCharsets.UTF_8))
                .containsExactly("{\"$id\":\"one\"}");
        assertThat(strings.notification())
                .extracting(n -> new String(n.document(), StandardCharsets.UTF_8))
                .containsExactly("{\"$id\":\"two\"}");
    }

    @Test
    void readsAnUnwrappedEvent() throws Exception {
        Event event =
                (Event) decode("{\"subscriptionId\":\"s\",\"transactionId\":\"t\",\"notification\":[{\"$id\":\"x\"}]}");

        assertThat(event.transactionId()).isEqualTo("t");
        assertThat(event.notification()).hasSize(1);
    }

    @Test
    void marksANotificationElementThatIsNoObjectWithoutDroppingTheOthers() throws Exception {
        Event event =
                (Event) decode("{\"event\":{\"transactionId\":\"t\",\"notification\":[42, {\"$id\":\"x\"}, [1]]}}");

        assertThat(event.notification())
                .extracting(Notified::problem)
                .containsExactly("not an EIDO object", null, "not an EIDO object");
        assertThat(event.notification().get(1).document()).isNotNull();
    }

    @Test
    void readsNumbersGivenAsStringsAndASubscribeResponseWithoutStatusAsGrantedIfItHasAnId() throws Exception {
        SubscribeResponse response = (SubscribeResponse)
                decode("{\"subscribeResponse\":{\"requestId\":\"r\",\"subscriptionId\":\"s\",\"expires\":\"60\"}}");

        assertThat(response.expires()).isEqualTo(60);
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(((EventResponse) decode("{\"eventResponse\":{\"transactionId\":\"t\",\"statusCode\":\"503\"}}"))
                        .statusCode())
                .isEqualTo(503);
    }

    @Test
    void readsTheGenericNotImplementedResponseAndNamesUnknownTypes() throws Exception {
        assertThat(decode("{\"response\":{\"requestId\":\"r\",\"statusCode\":501,\"statusText\":\"Not implemented\"}}"))
                .isEqualTo(new Response("r", 501, "Not implemented"));
        assertThat(decode("{\"somethingElse\":{}}")).isEqualTo(new Unknown("somethingElse"));
    }

    @Test
    void refusesTextThatIsNoJsonObjectWithoutQuotingIt() {
        for (String text : List.of("not json at all: Jane Roe", "[1,2]", "\"x\"", "{\"event\": ")) {
            assertThatThrownBy(() -> codec.decode(text))
                    .isInstanceOf(EidoConveyanceCodec.UnreadableMessage.class)
                    .message()
                    .doesNotContain("Jane")
                    .doesNotContain("event");
        }
    }

    @Test
    void writesAnEventWithItsEidos() throws Exception {
        String written = codec.encode(new Event(
                "s", "t", List.of(new Notified("{\"$id\":\"x\"}".getBytes(StandardCharsets.UTF_8), null))));

        JsonNode tree = JSON.readTree(written);
        assertThat(tree.at("/event/notification/0/$id").asText()).isEqualTo("x");
        assertThat(tree.at("/event/transactionId").asText()).isEqualTo("t");
    }
}
