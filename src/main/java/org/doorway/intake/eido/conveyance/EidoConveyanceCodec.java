package org.doorway.intake.eido.conveyance;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The NENA-STA-024 (EIDO conveyance) subscribe/notify messages, read and written as JSON text:
 * each is an object with one member naming the message type ({@code subscribe},
 * {@code subscribeResponse}, {@code unsubscribe}, {@code unsubscribeResponse}, {@code event},
 * {@code eventResponse}, {@code terminate}, {@code terminateResponse}, and the generic
 * {@code response} a server sends to a request it does not implement) whose value holds the
 * fields.
 *
 * <p>Writing follows the standard exactly and leaves out what is unset. Reading is lenient where
 * the sources (the standard's OpenAPI schema, NENA's text, implementations) disagree or are loose:
 * <ul>
 *   <li>the type member is matched ignoring case; {@code notify} is read as {@code event} and
 *       {@code notifyResponse} as {@code eventResponse}; an object without a type member but with
 *       {@code transactionId} and {@code notification} is read as an unwrapped event;</li>
 *   <li>an event's {@code notification} may be an array of EIDO objects (the standard), a single
 *       EIDO object, or hold EIDOs encoded as JSON strings; it may be absent, {@code null} or empty
 *       (a keep-alive: {@code minRate}); {@code notifications} is read the same;</li>
 *   <li>numbers ({@code statusCode}, {@code expires}, …) may be JSON numbers or numeric strings;
 *       missing ids are {@code null} (e.g. {@code unsubscribeResponse} without {@code requestId});
 *       a {@code subscribeResponse} without {@code statusCode} is a success if it carries a
 *       {@code subscriptionId}.</li>
 * </ul>
 * Each notified EIDO is kept as the exact bytes the server sent, so intake reads precisely that
 * document (a duplicate key in it is still found and refused).
 */
final class EidoConveyanceCodec {

    private static final List<String> NOTIFICATION_MEMBERS = List.of("notification", "notifications");

    private final ObjectMapper json = JsonMapper.builder().build();
    private final JsonFactory factory = json.getFactory();

    /** A STA-024 message. */
    sealed interface Message
            permits Subscribe,
                    SubscribeResponse,
                    Unsubscribe,
                    UnsubscribeResponse,
                    Event,
                    EventResponse,
                    Terminate,
                    TerminateResponse,
                    Response,
                    Unknown {}

    /** Subscriber to server: a new subscription (with {@code requestType}) or a refresh of one (with {@code subscriptionId}). */
    record Subscribe(
            String requestId,
            String requestType,
            String requestSubType,
            String requestAccepts,
            String qualFilter,
            Integer qualFilterEvalPeriod,
            Integer minRate,
            Integer maxRate,
            String subscriptionId,
            String incidentId,
            Integer expires)
            implements Message {}

    /** Server to subscriber. {@code expires} is in seconds from now. */
    record SubscribeResponse(
            String requestId,
            String subscriptionId,
            Integer qualFilterEvalPeriod,
            Integer minRate,
            Integer maxRate,
            Integer expires,
            int statusCode,
            String statusText)
            implements Message {}

    record Unsubscribe(String requestId, String subscriptionId) implements Message {}

    record UnsubscribeResponse(String requestId, String subscriptionId, int statusCode, String statusText)
            implements Message {}

    /** Server to subscriber: EIDOs (none for a keep-alive), to be answered by {@link EventResponse}. */
    record Event(String subscriptionId, String transactionId, List<Notified> notification) implements Message {}

    /**
     * One element of an event's {@code notification}.
     *
     * @param document the EIDO's JSON exactly as sent, or {@code null} if the element is not one
     * @param problem  why the element is not an EIDO document, or {@code null}
     */
    record Notified(byte[] document, String problem) {
        @Override
        public boolean equals(Object o) {
            return o instanceof Notified n
                    && Arrays.equals(document, n.document)
                    && java.util.Objects.equals(problem, n.problem);
        }

        @Override
        public int hashCode() {
            return Arrays.hashCode(document) * 31 + java.util.Objects.hashCode(problem);
        }

        @Override
        public String toString() {
            return document == null ? "Notified[problem=" + problem + "]" : "Notified[" + document.length + " bytes]";
        }
    }

    record EventResponse(String transactionId, int statusCode, String statusText) implements Message {}

    /** Server to subscriber: the server ended the subscription. */
    record Terminate(String requestId, String subscriptionId) implements Message {}

    record TerminateResponse(String requestId, String subscriptionId, int statusCode, String statusText)
            implements Message {}

    /** Server to subscriber: the generic answer to a request the server does not implement (501). */
    record Response(String requestId, int statusCode, String statusText) implements Message {}

    /** A well-formed message of a type Doorway does not know. */
    record Unknown(String type) implements Message {}

    /** The text is not a JSON object. Its message never quotes the text. */
    static final class UnreadableMessage extends Exception {
        UnreadableMessage(String reason) {
            super(reason);
        }
    }

    /** Reads one WebSocket text message. */
    Message decode(String text) throws UnreadableMessage {
        return decode(text.getBytes(StandardCharsets.UTF_8));
    }

    /** Reads one message from its UTF-8 bytes. */
    Message decode(byte[] bytes) throws UnreadableMessage {
        JsonNode root;
        try {
            root = json.readTree(bytes);
        } catch (JsonProcessingException e) {
            throw new UnreadableMessage("not valid JSON");
        } catch (IOException e) {
            throw new UnreadableMessage("could not be read");
        }
        if (root == null || !root.isObject()) {
            throw new UnreadableMessage("not a JSON object");
        }
        Iterator<Map.Entry<String, JsonNode>> members = root.fields();
        String firstName = null;
        while (members.hasNext()) {
            Map.Entry<String, JsonNode> member = members.next();
            firstName = firstName == null ? member.getKey() : firstName;
            String type = canonicalType(member.getKey());
            if (type != null && member.getValue().isObject()) {
                return read(type, member.getKey(), (ObjectNode) member.getValue(), bytes);
            }
        }
        if (root.has("transactionId") && (root.has("notification") || root.has("notifications"))) {
            return event((ObjectNode) root, null, bytes);
        }
        return new Unknown(firstName);
    }

    private static String canonicalType(String member) {
        String lower = member.toLowerCase(Locale.ROOT);
        return switch (lower) {
            case "subscribe" -> "subscribe";
            case "subscriberesponse" -> "subscribeResponse";
            case "unsubscribe" -> "unsubscribe";
            case "unsubscriberesponse" -> "unsubscribeResponse";
            case "event", "notify" -> "event";
            case "eventresponse", "notifyresponse" -> "eventResponse";
            case "terminate" -> "terminate";
            case "terminateresponse" -> "terminateResponse";
            case "response" -> "response";
            default -> null;
        };
    }

    private Message read(String type, String member, ObjectNode body, byte[] bytes) throws UnreadableMessage {
        return switch (type) {
            case "subscribe" ->
                new Subscribe(
                        text(body, "requestId"),
                        text(body, "requestType"),
                        text(body, "requestSubType"),
                        text(body, "requestAccepts"),
                        text(body, "qualFilter"),
                        number(body, "qualFilterEvalPeriod"),
                        number(body, "minRate"),
                        number(body, "maxRate"),
                        text(body, "subscriptionId"),
                        text(body, "incidentId"),
                        number(body, "expires"));
            case "subscribeResponse" -> {
                Integer status = number(body, "statusCode");
                String subscriptionId = text(body, "subscriptionId");
                yield new SubscribeResponse(
                        text(body, "requestId"),
                        subscriptionId,
                        number(body, "qualFilterEvalPeriod"),
                        number(body, "minRate"),
                        number(body, "maxRate"),
                        number(body, "expires"),
                        status != null ? status : subscriptionId != null ? 200 : 500,
                        text(body, "statusText"));
            }
            case "unsubscribe" -> new Unsubscribe(text(body, "requestId"), text(body, "subscriptionId"));
            case "unsubscribeResponse" ->
                new UnsubscribeResponse(
                        text(body, "requestId"), text(body, "subscriptionId"), status(body), text(body, "statusText"));
            case "event" -> event(body, member, bytes);
            case "eventResponse" ->
                new EventResponse(text(body, "transactionId"), status(body), text(body, "statusText"));
            case "terminate" -> new Terminate(text(body, "requestId"), text(body, "subscriptionId"));
            case "terminateResponse" ->
                new TerminateResponse(
                        text(body, "requestId"), text(body, "subscriptionId"), status(body), text(body, "statusText"));
            case "response" -> new Response(text(body, "requestId"), status(body), text(body, "statusText"));
            default -> new Unknown(member);
        };
    }

    private Event event(ObjectNode body, String member, byte[] bytes) throws UnreadableMessage {
        try {
            return new Event(text(body, "subscriptionId"), text(body, "transactionId"), notified(bytes, member));
        } catch (IOException e) {
            throw new UnreadableMessage("could not be read");
        }
    }

    /** The elements of the event's notification member, each sliced out of the original bytes. */
    private List<Notified> notified(byte[] bytes, String member) throws IOException {
        try (JsonParser parser = factory.createParser(bytes)) {
            parser.nextToken();
            if (member != null && !enter(parser, member)) {
                return List.of();
            }
            while (parser.nextToken() == JsonToken.FIELD_NAME) {
                String name = parser.currentName();
                JsonToken value = parser.nextToken();
                if (NOTIFICATION_MEMBERS.contains(name)) {
                    return elements(parser, value, bytes);
                }
                parser.skipChildren();
            }
            return List.of();
        }
    }

    /** Moves the parser into the object that is the value of the top-level member {@code member}. */
    private static boolean enter(JsonParser parser, String member) throws IOException {
        while (parser.nextToken() == JsonToken.FIELD_NAME) {
            String name = parser.currentName();
            JsonToken value = parser.nextToken();
            if (name.equals(member) && value == JsonToken.START_OBJECT) {
                return true;
            }
            parser.skipChildren();
        }
        return false;
    }

    private static List<Notified> elements(JsonParser parser, JsonToken value, byte[] bytes) throws IOException {
        List<Notified> elements = new ArrayList<>();
        if (value == JsonToken.START_ARRAY) {
            for (JsonToken token = parser.nextToken(); token != JsonToken.END_ARRAY; token = parser.nextToken()) {
                elements.add(element(parser, token, bytes));
            }
        } else if (value != JsonToken.VALUE_NULL) {
            elements.add(element(parser, value, bytes));
        }
        return elements;
    }

    private static Notified element(JsonParser parser, JsonToken token, byte[] bytes) throws IOException {
        if (token == JsonToken.START_OBJECT) {
            int start = (int) parser.currentTokenLocation().getByteOffset();
            parser.skipChildren();
            int end = (int) parser.currentLocation().getByteOffset();
            return new Notified(Arrays.copyOfRange(bytes, start, end), null);
        }
        if (token == JsonToken.VALUE_STRING) {
            return new Notified(parser.getText().getBytes(StandardCharsets.UTF_8), null);
        }
        parser.skipChildren();
        return new Notified(null, "not an EIDO object");
    }

    private static String text(JsonNode body, String field) {
        JsonNode value = body.get(field);
        return value == null || value.isNull() || value.isContainerNode() ? null : value.asText();
    }

    private static Integer number(JsonNode body, String field) {
        JsonNode value = body.get(field);
        if (value == null || value.isNull()) {
            return null;
        }
        if (value.isIntegralNumber() && value.canConvertToInt()) {
            return value.intValue();
        }
        if (value.isTextual()) {
            try {
                return Integer.valueOf(value.textValue().strip());
            } catch (NumberFormatException e) {
                return null;
            }
        }
        return null;
    }

    private static int status(JsonNode body) {
        Integer status = number(body, "statusCode");
        return status == null ? 0 : status;
    }

    /** Writes a message as STA-024 JSON text, leaving out unset fields. */
    String encode(Message message) {
        ObjectNode root = json.createObjectNode();
        if (message instanceof Subscribe m) {
            ObjectNode body = root.putObject("subscribe");
            put(body, "requestId", m.requestId());
            put(body, "requestType", m.requestType());
            put(body, "requestSubType", m.requestSubType());
            put(body, "requestAccepts", m.requestAccepts());
            put(body, "qualFilter", m.qualFilter());
            put(body, "qualFilterEvalPeriod", m.qualFilterEvalPeriod());
            put(body, "minRate", m.minRate());
            put(body, "maxRate", m.maxRate());
            put(body, "subscriptionId", m.subscriptionId());
            put(body, "incidentId", m.incidentId());
            put(body, "expires", m.expires());
        } else if (message instanceof SubscribeResponse m) {
            ObjectNode body = root.putObject("subscribeResponse");
            put(body, "requestId", m.requestId());
            put(body, "subscriptionId", m.subscriptionId());
            put(body, "qualFilterEvalPeriod", m.qualFilterEvalPeriod());
            put(body, "minRate", m.minRate());
            put(body, "maxRate", m.maxRate());
            put(body, "expires", m.expires());
            status(body, m.statusCode(), m.statusText());
        } else if (message instanceof Unsubscribe m) {
            ObjectNode body = root.putObject("unsubscribe");
            put(body, "requestId", m.requestId());
            put(body, "subscriptionId", m.subscriptionId());
        } else if (message instanceof UnsubscribeResponse m) {
            ObjectNode body = root.putObject("unsubscribeResponse");
            put(body, "requestId", m.requestId());
            put(body, "subscriptionId", m.subscriptionId());
            status(body, m.statusCode(), m.statusText());
        } else if (message instanceof Event m) {
            ObjectNode body = root.putObject("event");
            put(body, "subscriptionId", m.subscriptionId());
            put(body, "transactionId", m.transactionId());
            ArrayNode notification = body.putArray("notification");
            for (Notified element : m.notification()) {
                if (element.document() != null) {
                    notification.add(tree(element.document()));
                }
            }
        } else if (message instanceof EventResponse m) {
            ObjectNode body = root.putObject("eventResponse");
            put(body, "transactionId", m.transactionId());
            status(body, m.statusCode(), m.statusText());
        } else if (message instanceof Terminate m) {
            ObjectNode body = root.putObject("terminate");
            put(body, "requestId", m.requestId());
            put(body, "subscriptionId", m.subscriptionId());
        } else if (message instanceof TerminateResponse m) {
            ObjectNode body = root.putObject("terminateResponse");
            put(body, "requestId", m.requestId());
            put(body, "subscriptionId", m.subscriptionId());
            status(body, m.statusCode(), m.statusText());
        } else if (message instanceof Response m) {
            ObjectNode body = root.putObject("response");
            put(body, "requestId", m.requestId());
            status(body, m.statusCode(), m.statusText());
        } else {
            throw new IllegalArgumentException("an unknown message cannot be written");
        }
        try {
            return json.writeValueAsString(root);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    private JsonNode tree(byte[] document) {
        try {
            return json.readTree(document);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void put(ObjectNode body, String field, String value) {
        if (value != null) {
            body.put(field, value);
        }
    }

    private static void put(ObjectNode body, String field, Integer value) {
        if (value != null) {
            body.put(field, value);
        }
    }

    private static void status(ObjectNode body, int statusCode, String statusText) {
        body.put("statusCode", statusCode);
        put(body, "statusText", statusText);
    }
}
