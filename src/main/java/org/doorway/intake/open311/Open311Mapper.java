package org.doorway.intake.open311;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import org.doorway.intake.IntakeRecord;
import org.doorway.intake.InvalidReferralException;
import org.doorway.intake.MapContext;
import org.doorway.intake.SafeXml;
import org.doorway.referral.Referral;

/**
 * Maps an Open311 GeoReport v2 service-request list, as a 311 system forwards it, to one
 * {@link IntakeRecord} per request.
 *
 * <p>The body is JSON (an array of request objects, or one object) read leniently by
 * {@link Open311Json} — ids, service codes and ZIP codes are kept as the text written, so the spec's
 * {@code "service_code":006} stays {@code "006"} — or XML ({@code <service_requests>} of
 * {@code <request>}, or one {@code <request>}) read through {@link SafeXml} by {@link Open311Xml},
 * where an empty element means null. Both give the same referrals for the same requests.
 *
 * <h2>What goes where ({@link Open311Request})</h2>
 * <ul>
 *   <li>{@code site}, {@code receivedAt}, {@code source}: from the {@link MapContext}.
 *   <li>{@code sourceId}: {@code service_request_id}, as written. Required: a request known only by
 *       its {@code token} is unreadable, since the same request later arrives under its id and would
 *       be taken twice.
 *   <li>{@code callType}: code {@code service_code}, text {@code service_name}.
 *   <li>{@code door}: the site policy's door for {@code service_code}
 *       ({@link MapContext#doorFor(String)}).
 *   <li>{@code occurredAt}: {@code requested_datetime}, ISO 8601 with offset (an offset without a
 *       colon is accepted; no offset is read in the site's zone, with a warning).
 *   <li>{@code location}: text = {@code address} (or the POST form's {@code address_string}) and
 *       {@code zipcode}; latitude/longitude = {@code lat}/{@code long} (kept only as a pair, in range).
 *   <li>{@code referrer}: agency {@code jurisdiction_id}, role {@code 311}, name
 *       {@code first_name last_name}, callback {@code tel:+<E.164>} from {@code phone} when it is a
 *       valid number ({@code org.doorway.referral.Callbacks}), else {@code mailto:} from {@code email}. These are the resident who called 311, never the referred person.
 *   <li>{@code notes}: {@code description}; {@code Status: …}; {@code Status notes: …}; then every
 *       non-standard attribute as {@code name: value} — members of {@code extended_attributes}, of an
 *       {@code attribute} object, or form-style {@code attribute[CODE]} fields — except those whose
 *       name marks a contact detail or a media link.
 *   <li>Not kept (minimum necessary): {@code token}, {@code agency_responsible},
 *       {@code service_notice}, {@code updated_datetime}, {@code expected_datetime},
 *       {@code address_id}, {@code media_url}, {@code account_id}, {@code device_id},
 *       {@code api_key}, and unknown top-level fields.
 *   <li>{@code charges} and {@code persons}: always empty; a 311 request does not describe the person.
 * </ul>
 *
 * <h2>Errors</h2>
 * <p>The whole body is refused ({@link InvalidReferralException}) only when it cannot be read as
 * a request list at all: not JSON / not well-formed XML, a DOCTYPE, too deep, content after the
 * value, more than {@value #MAX_REQUESTS} requests, or another GeoReport v2 document (service list,
 * service definition, error response), which the reason names. A list element that is not an
 * object/{@code <request>}, lacks {@code service_request_id} or gives a standard field twice is an
 * unreadable record; a field that cannot be used is a warning on the referral. No reason or
 * warning quotes a value.
 */
@org.springframework.stereotype.Component
public final class Open311Mapper {

    /** The {@link Referral#source()} of referrals from the Open311 door. */
    static final String SOURCE = "open311";

    static final String TITLE = "Invalid Open311 service requests";

    /** The most requests read from one body. */
    static final int MAX_REQUESTS = 10_000;

    /**
     * A body of more than {@value #MAX_REQUESTS} requests: refused as a whole. A poll that meets
     * it asks again for a narrower window ({@link Open311Polling}).
     */
    static final class TooManyRequests extends InvalidReferralException {
        TooManyRequests(String field) {
            super(TITLE, field, "more than " + MAX_REQUESTS + " requests; send them in smaller lists");
        }
    }

    private static final Set<String> ERROR_FIELDS = Set.of("code", "description");

    /**
     * Maps a body to its records.
     *
     * @param body    the JSON or XML body, as received
     * @param xml     whether the body is XML (otherwise JSON)
     * @param context site, receipt time, source name, door policy and time zone
     * @return every request of the body in order, each read or unreadable ({@code Position.index})
     * @throws InvalidReferralException when the body as a whole cannot be read as a request list
     */
    public List<IntakeRecord> map(byte[] body, boolean xml, MapContext context) {
        Objects.requireNonNull(body, "body");
        Objects.requireNonNull(context, "context");
        if (body.length == 0) {
            throw new InvalidReferralException(TITLE, "/", "the body is empty");
        }
        Open311Body read = xml ? Open311Xml.read(body) : Open311Json.read(body);
        if (!xml) {
            refuseOtherDocuments(read);
        }
        List<IntakeRecord> records = new ArrayList<>(read.items().size());
        for (int i = 0; i < read.items().size(); i++) {
            Open311Item item = read.items().get(i);
            IntakeRecord.Position at = IntakeRecord.Position.index(i);
            records.add(
                    item.problem() != null
                            ? IntakeRecord.unreadable(at, item.problem())
                            : Open311Request.map(at, item.fields(), context));
        }
        return records;
    }

    /** GeoReport v2's other JSON documents look like lists of objects too; name them instead of mapping. */
    private static void refuseOtherDocuments(Open311Body body) {
        List<Open311Item> items = body.items();
        if (items.isEmpty() || items.stream().anyMatch(i -> i.fields() == null || i.has("service_request_id"))) {
            return;
        }
        String document = null;
        if (items.stream()
                .allMatch(i ->
                        i.has("code") && ERROR_FIELDS.containsAll(i.fields().keySet()))) {
            document = "errors";
        } else if (items.stream().allMatch(i -> i.has("service_code") && i.has("metadata") && i.has("type"))) {
            document = "services";
        } else if (!body.list()
                && items.get(0).has("service_code")
                && items.get(0).has("attributes")) {
            document = "service_definition";
        }
        if (document != null) {
            throw new InvalidReferralException(TITLE, "/", notARequestList(document));
        }
    }

    /** Why a document whose root is {@code root} is not a request list; names only GeoReport's own documents. */
    static String notARequestList(String root) {
        String what = switch (root == null ? "" : root) {
            case "services", "service" -> "a GeoReport v2 service list";
            case "service_definition" -> "a GeoReport v2 service definition";
            case "errors", "error" -> "a GeoReport v2 error response";
            default -> null;
        };
        return what == null
                ? "not a GeoReport v2 service-request list: the root must be service_requests or request"
                : "is " + what + ", not service requests";
    }
}
