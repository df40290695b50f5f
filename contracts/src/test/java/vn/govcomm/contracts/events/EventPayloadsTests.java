package vn.govcomm.contracts.events;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;
import vn.govcomm.contracts.Channels;
import vn.govcomm.contracts.Contracts;
import vn.govcomm.contracts.EventTypes;

import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The payload records are their schemas: components (recursively) exactly the schema's properties, every required
 * property a component, the schema's enums the Java enums' wire names; each example decodes into its record and
 * encodes back to itself, valid against the schema.
 */
class EventPayloadsTests {

    static final JsonMapper JSON = JsonMapper.builder().build();
    static final Contracts CONTRACTS = Contracts.get();

    /** ce_type → its payload record. */
    static final Map<String, Class<? extends Record>> PAYLOADS = payloads();

    /**
     * Schema enums that are text in the records, by path: the channel names (their home is {@link Channels}, equal to
     * the schema's channel enum), what an administrator typed as an agency's type (the schema judges it where the
     * directory publishes), an agency's province (the campaign service's list of the 34 codes, judged by the schema
     * where the directory publishes) and MIME types.
     */
    static final Set<String> TEXT_ENUMS = Set.of("AgencyChanged.type", "AgencyChanged.provinceId",
            "CampaignScheduled.notice.attachments[].mediaType", "DeliveryRequested.content.attachments[].mediaType");

    private static Map<String, Class<? extends Record>> payloads() {
        Map<String, Class<? extends Record>> payloads = new LinkedHashMap<>();
        payloads.put(EventTypes.CAMPAIGN_SCHEDULED, CampaignScheduled.class);
        for (String type : List.of(EventTypes.CAMPAIGN_SUBMITTED, EventTypes.CAMPAIGN_APPROVED, EventTypes.CAMPAIGN_REJECTED,
                EventTypes.CAMPAIGN_STARTED, EventTypes.CAMPAIGN_CANCELLED, EventTypes.CAMPAIGN_COMPLETED)) {
            payloads.put(type, CampaignTransitioned.class);
        }
        payloads.put(EventTypes.AGENCY_CHANGED, AgencyChanged.class);
        payloads.put(EventTypes.DELIVERY_REQUESTED, DeliveryRequested.class);
        payloads.put(EventTypes.DELIVERY_RETRACTED, DeliveryRetracted.class);
        payloads.put(EventTypes.DELIVERY_STATUS_CHANGED, DeliveryStatusChanged.class);
        payloads.put(EventTypes.NOTIFICATION_SENT, NotificationSent.class);
        return payloads;
    }

    static Stream<String> types() {
        return PAYLOADS.keySet().stream();
    }

    @Test
    void everyEventHasAPayloadRecord() {
        assertThat(PAYLOADS.keySet()).containsExactlyInAnyOrderElementsOf(CONTRACTS.events().keySet());
    }

    @ParameterizedTest
    @MethodSource("types")
    void theRecordIsItsSchema(String type) {
        assertThat(differences(PAYLOADS.get(type), schema(type))).isEmpty();
    }

    @ParameterizedTest
    @MethodSource("types")
    void theExampleDecodesIntoTheRecordAndEncodesBackToItselfValid(String type) {
        String example = CONTRACTS.example(type);

        Record payload = JSON.readValue(example, PAYLOADS.get(type));
        String encoded = JSON.writeValueAsString(payload);

        assertThat(JSON.readTree(encoded)).isEqualTo(JSON.readTree(example));
        assertThat(CONTRACTS.validate(type, encoded)).as(encoded).isEmpty();
    }

    @Test
    void absentOptionalPropertiesAreLeftOutWhenWritten() {
        NotificationSent sent = new NotificationSent("ntf-1", "cmp-1", NotificationSent.Kind.APPROVED, "so-noi-vu", null,
                NotificationSent.Transport.EMAIL, NotificationSent.Outcome.SENT, null, null, null, null, null,
                "2031-03-17T01:00:02Z");

        String json = JSON.writeValueAsString(sent);

        assertThat(json).isEqualTo("{\"notificationId\":\"ntf-1\",\"campaignId\":\"cmp-1\",\"kind\":\"APPROVED\","
                + "\"recipientAgencyId\":\"so-noi-vu\",\"transport\":\"email\",\"outcome\":\"SENT\","
                + "\"occurredAt\":\"2031-03-17T01:00:02Z\"}");
        assertThat(CONTRACTS.validate(EventTypes.NOTIFICATION_SENT, json)).isEmpty();
    }

    @Test
    void aTransitionNamesItsActorInPeoplesWordsOptionallyAndOlderEventsStayValid() {
        String example = CONTRACTS.example(EventTypes.CAMPAIGN_APPROVED);
        assertThat(JSON.readValue(example, CampaignTransitioned.class).actorName()).isEqualTo("Nguyễn Văn Minh");

        String older = example.replace("\n  \"actorName\": \"Nguyễn Văn Minh\",", "");
        assertThat(older).doesNotContain("actorName");
        assertThat(CONTRACTS.validate(EventTypes.CAMPAIGN_APPROVED, older)).isEmpty();
        CampaignTransitioned read = JSON.readValue(older, CampaignTransitioned.class);
        assertThat(read.actor()).isEqualTo("nguyen.van.minh");
        assertThat(read.actorName()).isNull();

        String clock = JSON.writeValueAsString(new CampaignTransitioned("cmp-1", "C-1", null, "so-noi-vu", 1,
                CampaignTransitioned.Status.SCHEDULED, CampaignTransitioned.Status.RUNNING, "system", null, null, null,
                "2031-03-17T01:00:02Z"));
        assertThat(clock).doesNotContain("actorName");
        assertThat(CONTRACTS.validate(EventTypes.CAMPAIGN_STARTED, clock)).isEmpty();
        assertThat(CONTRACTS.validate(EventTypes.CAMPAIGN_APPROVED, example.replace("Nguyễn Văn Minh", "")))
                .anySatisfy(error -> assertThat(error).contains("actorName"));
    }

    @Test
    void anAgencySnapshotSaysItsProvinceAndHowAndWhenItWasSucceededAndOlderSnapshotsStayValid() {
        AgencyChanged renamed = new AgencyChanged("so-nn-ptnt", "Sở Nông nghiệp và PTNT", null, "DEPARTMENT", null,
                List.of(), null, false, List.of(), "2025-07-01T00:00:05Z", "so-nn-mt", "khanh-hoa", null,
                AgencyChanged.SuccessionKind.RENAMED, "2025-03-01T00:00:00Z");
        String json = JSON.writeValueAsString(renamed);
        assertThat(json).endsWith("\"successorId\":\"so-nn-mt\",\"provinceId\":\"khanh-hoa\","
                + "\"successionKind\":\"RENAMED\",\"succeededAt\":\"2025-03-01T00:00:00Z\"}");
        assertThat(CONTRACTS.validate(EventTypes.AGENCY_CHANGED, json)).isEmpty();

        String ministry = JSON.writeValueAsString(new AgencyChanged("bo-noi-vu", "Bộ Nội vụ", null, "OTHER", null,
                List.of(), null, true, List.of(), "2025-07-01T00:00:05Z", null, null, true, null, null));
        assertThat(CONTRACTS.validate(EventTypes.AGENCY_CHANGED, ministry)).isEmpty();

        // a snapshot from before provinces and succession kinds: valid, and read as unknown / home province
        String older = CONTRACTS.example(EventTypes.AGENCY_CHANGED).replace(",\n  \"provinceId\": \"khanh-hoa\"", "");
        assertThat(older).doesNotContain("provinceId");
        assertThat(CONTRACTS.validate(EventTypes.AGENCY_CHANGED, older)).isEmpty();
        AgencyChanged read = JSON.readValue(older, AgencyChanged.class);
        assertThat(read.provinceId()).isNull();
        assertThat(read.national()).isNull();
        assertThat(read.successionKind()).isNull();

        assertThat(CONTRACTS.validate(EventTypes.AGENCY_CHANGED, json.replace("khanh-hoa", "ninh-thuan")))
                .anySatisfy(error -> assertThat(error).contains("provinceId"));
        assertThat(CONTRACTS.validate(EventTypes.AGENCY_CHANGED, json.replace("RENAMED", "SPLIT")))
                .anySatisfy(error -> assertThat(error).contains("successionKind"));
    }

    /** The check itself: a schema that drifted from its record is reported, wherever the drift is. */
    @Test
    void aSchemaThatDriftedFromItsRecordIsReported() {
        ObjectNode schema = (ObjectNode) schema(EventTypes.NOTIFICATION_SENT).deepCopy();
        ObjectNode properties = (ObjectNode) schema.get("properties");
        properties.putObject("surprise").put("type", "string");
        properties.remove("messageId");
        properties.putObject("outcome").putArray("enum").add("SENT").add("FAILED").add("BOUNCED");
        schema.withArray("required").add("priority");

        assertThat(differences(NotificationSent.class, schema)).containsExactlyInAnyOrder(
                "NotificationSent.surprise: in the schema, not in the record",
                "NotificationSent.messageId: in the record, not in the schema",
                "NotificationSent.priority: required by the schema, not in the record",
                "NotificationSent.outcome: enum [SENT, FAILED, BOUNCED] in the schema, [SENT, FAILED] in the record");

        ObjectNode scheduled = (ObjectNode) schema(EventTypes.CAMPAIGN_SCHEDULED).deepCopy();
        ((ObjectNode) scheduled.at("/properties/notice/properties/zaloArticle/properties")).putObject("thumbUrl")
                .put("type", "string");
        assertThat(differences(CampaignScheduled.class, scheduled))
                .containsExactly("CampaignScheduled.notice.zaloArticle.thumbUrl: in the schema, not in the record");
    }

    static JsonNode schema(String type) {
        return JSON.readTree(Contracts.read("contracts/" + CONTRACTS.contract(type).schemaFile()));
    }

    /** Every difference between {@code record} and {@code schema} (its $refs followed), as "path: what". */
    static List<String> differences(Class<? extends Record> record, JsonNode schema) {
        List<String> out = new ArrayList<>();
        compare(record, new Node(schema, schema), record.getSimpleName(), out);
        return out;
    }

    /** A schema node and the document its local {@code #/...} references point into. */
    record Node(JsonNode schema, JsonNode document) {
        Node resolved() {
            String ref = schema.path("$ref").asString(null);
            if (ref == null) {
                return this;
            }
            int hash = ref.indexOf('#');
            JsonNode target = hash == 0 ? document : JSON.readTree(Contracts.read("contracts/schemas/" + ref.substring(0, hash)));
            return new Node(target.at(ref.substring(hash + 1)), target).resolved();
        }

        Node child(JsonNode schema) {
            return new Node(schema, document);
        }
    }

    private static void compare(Type type, Node node, String path, List<String> out) {
        Node s = node.resolved();
        Class<?> raw = type instanceof ParameterizedType p ? (Class<?>) p.getRawType() : (Class<?>) type;
        if (s.schema().has("enum")) {
            List<String> values = new ArrayList<>();
            s.schema().get("enum").forEach(v -> values.add(v.asString()));
            if (raw.isEnum()) {
                List<String> names = Arrays.stream(raw.getEnumConstants()).map(c -> JSON.valueToTree(c).asString()).toList();
                if (!names.equals(values)) {
                    out.add(path + ": enum " + values + " in the schema, " + names + " in the record");
                }
            } else if (raw != String.class || !(values.equals(Channels.ALL) || TEXT_ENUMS.contains(path))) {
                out.add(path + ": enum " + values + " in the schema, " + raw.getSimpleName() + " in the record");
            }
            return;
        }
        String jsonType = s.schema().path("type").asString("");
        switch (jsonType) {
            case "object" -> {
                if (!raw.isRecord()) {
                    out.add(path + ": an object in the schema, " + raw.getSimpleName() + " in the record");
                    return;
                }
                Map<String, RecordComponent> components = new LinkedHashMap<>();
                for (RecordComponent c : raw.getRecordComponents()) {
                    components.put(c.getName(), c);
                }
                JsonNode properties = s.schema().path("properties");
                properties.propertyNames().forEach(name -> {
                    if (!components.containsKey(name)) {
                        out.add(path + "." + name + ": in the schema, not in the record");
                    }
                });
                components.forEach((name, c) -> {
                    if (!properties.has(name)) {
                        out.add(path + "." + name + ": in the record, not in the schema");
                    } else {
                        compare(c.getGenericType(), s.child(properties.get(name)), path + "." + name, out);
                    }
                });
                s.schema().path("required").forEach(name -> {
                    // a required property missing from the record is reported above already
                    if (!components.containsKey(name.asString()) && !properties.has(name.asString())) {
                        out.add(path + "." + name.asString() + ": required by the schema, not in the record");
                    }
                });
            }
            case "array" -> {
                if (raw != List.class || !(type instanceof ParameterizedType p)) {
                    out.add(path + ": an array in the schema, " + raw.getSimpleName() + " in the record");
                    return;
                }
                compare(p.getActualTypeArguments()[0], s.child(s.schema().path("items")), path + "[]", out);
            }
            case "string" -> expect(raw, path, "a string", out, String.class);
            case "integer" -> expect(raw, path, "an integer", out, Integer.class, Long.class);
            case "boolean" -> expect(raw, path, "a boolean", out, Boolean.class);
            default -> out.add(path + ": schema type '" + jsonType + "' has no Java type here");
        }
    }

    /** Boxed types only: an absent property is null, not 0 or false. */
    private static void expect(Class<?> raw, String path, String what, List<String> out, Class<?>... allowed) {
        if (!List.of(allowed).contains(raw)) {
            out.add(path + ": " + what + " in the schema, " + raw.getSimpleName() + " in the record");
        }
    }
}
