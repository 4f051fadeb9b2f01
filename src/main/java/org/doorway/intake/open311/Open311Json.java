package org.doorway.intake.open311;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.core.json.JsonReadFeature;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.doorway.intake.InvalidReferralException;

/**
 * Reads a GeoReport v2 JSON body leniently, the way 311 systems really write it.
 *
 * <p>The spec's own examples are not strict JSON: {@code "service_code":006} has a leading zero, and
 * ids and ZIP codes are bare numbers. So numbers are accepted with leading zeros and every scalar is
 * kept as the text written in the body ({@code 006} stays {@code "006"}, {@code 94122} stays
 * {@code "94122"}); booleans become {@code "true"}/{@code "false"}; {@code null} stays null. Objects
 * become insertion-ordered maps and arrays lists.
 *
 * <p>The body must be UTF-8 (a byte order mark is skipped) and one JSON value: an array of requests
 * or a single request object. Nesting is capped at {@value #MAX_DEPTH}, numbers at
 * {@value #MAX_NUMBER_LENGTH} characters, and a list at {@value Open311Mapper#MAX_REQUESTS} requests.
 * A body that breaks any of these, is truncated, or has content after its value is refused as a
 * whole; a field given twice inside one request only makes that request unreadable.
 */
final class Open311Json {

    static final int MAX_DEPTH = 32;
    static final int MAX_NUMBER_LENGTH = 64;

    private static final JsonFactory FACTORY = JsonFactory.builder()
            .enable(JsonReadFeature.ALLOW_LEADING_ZEROS_FOR_NUMBERS)
            .streamReadConstraints(StreamReadConstraints.builder()
                    .maxNestingDepth(MAX_DEPTH)
                    .maxNumberLength(MAX_NUMBER_LENGTH)
                    .build())
            .build();

    private Open311Json() {}

    /**
     * Reads a body.
     *
     * @throws InvalidReferralException when the body is not one JSON array or object, or breaks a limit
     */
    static Open311Body read(byte[] body) {
        char[] chars = decode(body);
        try (JsonParser parser = FACTORY.createParser(chars)) {
            JsonToken first = parser.nextToken();
            if (first == null) {
                throw refused("the body is empty");
            }
            Open311Body result;
            if (first == JsonToken.START_ARRAY) {
                List<Open311Item> items = new ArrayList<>();
                for (JsonToken token = parser.nextToken(); token != JsonToken.END_ARRAY; token = parser.nextToken()) {
                    if (items.size() == Open311Mapper.MAX_REQUESTS) {
                        throw new Open311Mapper.TooManyRequests("/");
                    }
                    items.add(item(parser, token, chars));
                }
                result = new Open311Body(true, items);
            } else if (first == JsonToken.START_OBJECT) {
                result = new Open311Body(false, List.of(item(parser, first, chars)));
            } else {
                throw refused("not a JSON array of service requests nor a single request object");
            }
            if (parser.nextToken() != null) {
                throw refused("content after the end of the JSON value");
            }
            return result;
        } catch (StreamConstraintsException e) {
            throw refused("breaks a size limit (nesting deeper than " + MAX_DEPTH + " or a number longer than "
                    + MAX_NUMBER_LENGTH + " characters)" + at(e.getLocation()));
        } catch (JsonProcessingException e) {
            throw refused("not valid JSON" + at(e.getLocation()));
        } catch (IOException e) {
            throw refused("could not be read");
        }
    }

    private static Open311Item item(JsonParser parser, JsonToken token, char[] chars) throws IOException {
        Reading reading = new Reading(chars);
        Object value = reading.value(parser, token, true);
        if (!(value instanceof Map<?, ?> map)) {
            return Open311Item.unreadable("not a JSON object");
        }
        if (reading.duplicate != null) {
            return Open311Item.unreadable(reading.duplicate);
        }
        @SuppressWarnings("unchecked")
        Map<String, Object> fields = (Map<String, Object>) map;
        return Open311Item.of(fields);
    }

    /** The state of reading one request: where the raw text is, and the first duplicate field seen. */
    private static final class Reading {
        private final char[] chars;
        private String duplicate;

        Reading(char[] chars) {
            this.chars = chars;
        }

        Object value(JsonParser parser, JsonToken token, boolean top) throws IOException {
            switch (token) {
                case START_OBJECT -> {
                    Map<String, Object> map = new LinkedHashMap<>();
                    for (JsonToken t = parser.nextToken(); t != JsonToken.END_OBJECT; t = parser.nextToken()) {
                        String name = parser.currentName();
                        Object member = value(parser, parser.nextToken(), false);
                        if (map.containsKey(name)) {
                            duplicate(top, name);
                        } else {
                            map.put(name, member);
                        }
                    }
                    return map;
                }
                case START_ARRAY -> {
                    List<Object> list = new ArrayList<>();
                    for (JsonToken t = parser.nextToken(); t != JsonToken.END_ARRAY; t = parser.nextToken()) {
                        list.add(value(parser, t, false));
                    }
                    return list;
                }
                case VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT -> {
                    return raw(parser);
                }
                case VALUE_NULL -> {
                    return null;
                }
                default -> {
                    return parser.getText();
                }
            }
        }

        private void duplicate(boolean top, String name) {
            if (duplicate == null) {
                duplicate = top && Open311Request.STANDARD_FIELDS.contains(name)
                        ? name + ": given twice"
                        : "a field is given twice in one object";
            }
        }

        /** A number exactly as written (Jackson drops leading zeros from its own text). */
        private String raw(JsonParser parser) throws IOException {
            long start = parser.currentTokenLocation().getCharOffset();
            long end = parser.currentLocation().getCharOffset();
            if (start >= 0 && end > start && end <= chars.length) {
                return new String(chars, (int) start, (int) (end - start)).strip();
            }
            return parser.getText();
        }
    }

    private static char[] decode(byte[] body) {
        try {
            CharBuffer decoded = StandardCharsets.UTF_8
                    .newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(body));
            int skip = decoded.length() > 0 && decoded.charAt(0) == '\uFEFF' ? 1 : 0;
            char[] chars = new char[decoded.length() - skip];
            decoded.position(skip);
            decoded.get(chars);
            return chars;
        } catch (CharacterCodingException e) {
            throw refused("not UTF-8 text");
        }
    }

    private static String at(JsonLocation where) {
        return where == null || where.getLineNr() < 1
                ? ""
                : " (line " + where.getLineNr() + ", column " + where.getColumnNr() + ")";
    }

    private static InvalidReferralException refused(String reason) {
        return new InvalidReferralException(Open311Mapper.TITLE, "/", reason);
    }
}
