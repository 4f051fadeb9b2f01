package org.doorway.portal;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import com.google.i18n.phonenumbers.PhoneNumberUtil;
import java.io.IOException;
import java.io.InputStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Reads a site's {@code portal.yaml} into {@link PortalSettings}, refusing anything malformed with
 * every problem named by file and field. See the demo site's file for a commented example.
 */
final class PortalFiles {

    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory())
            .registerModule(new JavaTimeModule())
            .setPropertyNamingStrategy(PropertyNamingStrategies.KEBAB_CASE)
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

    /** What a partner code may look like: it travels in a URL and is printed under QR codes. */
    static final String PARTNER_CODE = "[A-Z0-9][A-Z0-9-]{0,31}";

    private static final PortalSettings.Limit DEFAULT_PER_ADDRESS = new PortalSettings.Limit(10, Duration.ofHours(1));
    private static final PortalSettings.Limit DEFAULT_PER_CODE = new PortalSettings.Limit(100, Duration.ofDays(1));

    private PortalFiles() {}

    /** A portal's configuration could not be used; the message names file and field. */
    static final class InvalidPortalException extends RuntimeException {
        InvalidPortalException(String message) {
            super(message);
        }
    }

    record PortalFile(
            String site,
            Boolean accepting,
            String phoneRegion,
            List<PartnerFile> partners,
            QuestionsFile questions,
            String emergencyNumber,
            String crisisNumber,
            List<ResourceFile> resources,
            RateLimitsFile rateLimits) {}

    record PartnerFile(String code, String name) {}

    record QuestionsFile(
            Boolean personName, Boolean personDescription, Boolean referrerRole, Boolean referrerContact) {}

    record ResourceFile(String phone, Boolean text, Map<String, String> label) {}

    record RateLimitsFile(
            LimitFile perAddress,
            LimitFile perPartner,

            @com.fasterxml.jackson.annotation.JsonProperty("public")
            LimitFile publicForm) {}

    record LimitFile(Integer max, Duration window) {}

    /**
     * Reads and checks one portal file.
     *
     * @param file where it came from, for messages (e.g. {@code classpath:sites/demo/portal.yaml})
     * @param in   its contents
     * @throws InvalidPortalException naming every problem found
     */
    static PortalSettings read(String file, InputStream in) {
        PortalFile portal = parse(file, in);
        List<String> problems = new ArrayList<>();
        if (portal.site() == null || portal.site().isBlank()) {
            problems.add(file + ": site: required (the id of the site in site.yaml)");
        }
        String region = portal.phoneRegion() == null
                ? "US"
                : portal.phoneRegion().trim().toUpperCase(Locale.ROOT);
        if (!PhoneNumberUtil.getInstance().getSupportedRegions().contains(region)) {
            problems.add(file + ": phone-region: not a region code such as US");
        }
        Map<String, PortalSettings.Partner> partners = new LinkedHashMap<>();
        List<PartnerFile> partnerFiles = portal.partners() == null ? List.of() : portal.partners();
        for (int i = 0; i < partnerFiles.size(); i++) {
            PartnerFile p = partnerFiles.get(i);
            String at = file + ": partners[" + i + "]";
            if (p == null) {
                problems.add(at + ": empty entry");
                continue;
            }
            if (p.code() == null || !p.code().matches(PARTNER_CODE)) {
                problems.add(at + ".code: 1 to 32 upper-case letters, digits or '-', starting with a letter or digit");
            } else if ("PUBLIC".equals(p.code())) {
                problems.add(at + ".code: PUBLIC is reserved for the site's own code");
            } else if (partners.containsKey(p.code())) {
                problems.add(at + ".code: used twice");
            }
            if (p.name() == null || p.name().isBlank()) {
                problems.add(at + ".name: required");
            }
            if (p.code() != null && p.name() != null) {
                partners.putIfAbsent(
                        p.code(), new PortalSettings.Partner(p.code(), p.name().trim()));
            }
        }
        QuestionsFile q = portal.questions() == null ? new QuestionsFile(null, null, null, null) : portal.questions();
        PortalSettings.Questions questions = new PortalSettings.Questions(
                q.personName() == null || q.personName(), q.personDescription() == null || q.personDescription(),
                q.referrerRole() == null || q.referrerRole(), q.referrerContact() == null || q.referrerContact());
        String emergency = dialable(problems, file, "emergency-number", portal.emergencyNumber(), "911");
        String crisis = dialable(problems, file, "crisis-number", portal.crisisNumber(), "988");
        List<PortalSettings.Resource> resources = new ArrayList<>();
        List<ResourceFile> resourceFiles = portal.resources() == null ? List.of() : portal.resources();
        for (int i = 0; i < resourceFiles.size(); i++) {
            ResourceFile r = resourceFiles.get(i);
            String at = "resources[" + i + "]";
            if (r == null) {
                problems.add(file + ": " + at + ": empty entry");
                continue;
            }
            String phone = dialable(problems, file, at + ".phone", r.phone(), null);
            if (r.label() == null
                    || r.label().get("en") == null
                    || r.label().get("en").isBlank()) {
                problems.add(file + ": " + at + ".label.en: required (labels by language code: en, es, ...)");
            } else if (phone != null) {
                resources.add(new PortalSettings.Resource(phone, Boolean.TRUE.equals(r.text()), Map.copyOf(r.label())));
            }
        }
        RateLimitsFile limits =
                portal.rateLimits() == null ? new RateLimitsFile(null, null, null) : portal.rateLimits();
        PortalSettings.RateLimits rateLimits = new PortalSettings.RateLimits(
                limit(problems, file, "rate-limits.per-address", limits.perAddress(), DEFAULT_PER_ADDRESS),
                limit(problems, file, "rate-limits.per-partner", limits.perPartner(), DEFAULT_PER_CODE),
                limit(problems, file, "rate-limits.public", limits.publicForm(), DEFAULT_PER_CODE));
        if (!problems.isEmpty()) {
            throw new InvalidPortalException("portal configuration refused:\n  " + String.join("\n  ", problems));
        }
        return new PortalSettings(
                portal.site().trim(),
                portal.accepting() == null || portal.accepting(),
                region,
                partners,
                questions,
                emergency,
                crisis,
                resources,
                rateLimits);
    }

    private static String dialable(List<String> problems, String file, String field, String value, String fallback) {
        if (value == null) {
            if (fallback == null) {
                problems.add(file + ": " + field + ": required");
            }
            return fallback;
        }
        if (!value.matches("\\+?[0-9]{2,15}")) {
            problems.add(file + ": " + field + ": digits only, such as 211 or +18005550100");
            return null;
        }
        return value;
    }

    private static PortalSettings.Limit limit(
            List<String> problems, String file, String field, LimitFile limit, PortalSettings.Limit fallback) {
        if (limit == null) {
            return fallback;
        }
        int max = limit.max() == null ? fallback.max() : limit.max();
        Duration window = limit.window() == null ? fallback.window() : limit.window();
        if (max < 1) {
            problems.add(file + ": " + field + ".max: must be at least 1");
        }
        if (window.compareTo(Duration.ofMinutes(1)) < 0
                || window.compareTo(Duration.ofDays(7)) > 0
                || window.toMillis() % 1000 != 0) {
            problems.add(file + ": " + field + ".window: whole seconds from PT1M to P7D, such as PT1H");
        }
        return new PortalSettings.Limit(max, window);
    }

    private static PortalFile parse(String file, InputStream in) {
        try (in) {
            PortalFile value = YAML.readValue(in.readAllBytes(), PortalFile.class);
            if (value == null) {
                throw new InvalidPortalException(file + ": empty");
            }
            return value;
        } catch (JsonProcessingException e) {
            String where =
                    e.getLocation() == null ? "" : "line " + e.getLocation().getLineNr() + ": ";
            throw new InvalidPortalException(file + ": " + where + e.getOriginalMessage());
        } catch (IOException e) {
            throw new InvalidPortalException(file + ": cannot be read: " + e.getMessage());
        }
    }
}
