package vn.govcomm.contracts;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

class ContractsTests {

    private final Contracts contracts = Contracts.get();

    @Test
    void everyMessageHasASchemaAndAValidExample() {
        assertThat(contracts.events()).hasSize(12);
        contracts.events().values().forEach(event -> {
            String example = contracts.example(event.ceType());
            assertThat(contracts.validate(event.ceType(), example))
                    .as("example of %s", event.ceType()).isEmpty();
        });
    }

    @Test
    void rejectsPayloadsThatBreakTheSchema() {
        String broken = contracts.example(EventTypes.DELIVERY_STATUS_CHANGED)
                .replace("\"PUBLISHED\"", "\"SHOWN_MAYBE\"");
        assertThat(contracts.validate(EventTypes.DELIVERY_STATUS_CHANGED, broken))
                .anySatisfy(error -> assertThat(error).contains("status"));

        String unknownField = contracts.example(EventTypes.DELIVERY_REQUESTED)
                .replaceFirst("\\{", "{\"surprise\": 1,");
        assertThat(contracts.validate(EventTypes.DELIVERY_REQUESTED, unknownField))
                .anySatisfy(error -> assertThat(error).contains("surprise"));

        String badTime = contracts.example(EventTypes.CAMPAIGN_APPROVED)
                .replace("2023-09-04T10:14:00Z", "yesterday");
        assertThat(contracts.validate(EventTypes.CAMPAIGN_APPROVED, badTime)).isNotEmpty();
    }

    @Test
    void anAttachmentIsAPdfAnImageOrAWordOrExcelDocumentAndNothingElse() {
        String example = contracts.example(EventTypes.CAMPAIGN_SCHEDULED);
        assertThat(example).contains("\"application/pdf\"");
        for (String type : List.of("image/jpeg", "image/png", "image/webp",
                "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
                "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")) {
            assertThat(contracts.validate(EventTypes.CAMPAIGN_SCHEDULED, example.replace("\"application/pdf\"",
                    "\"" + type + "\""))).as(type).isEmpty();
        }
        // macro-enabled and legacy Office files, archives: never sent to a channel
        for (String type : List.of("application/vnd.ms-word.document.macroEnabled.12",
                "application/vnd.ms-excel.sheet.macroEnabled.12", "application/msword", "application/vnd.ms-excel",
                "application/zip", "text/html")) {
            assertThat(contracts.validate(EventTypes.CAMPAIGN_SCHEDULED, example.replace("\"application/pdf\"",
                    "\"" + type + "\""))).as(type).anySatisfy(error -> assertThat(error).contains("mediaType"));
        }
    }

    @Test
    void topicConstantsAndTypeConstantsMatchTheAsyncApiDocument() throws IllegalAccessException {
        Set<String> declaredTypes = new HashSet<>();
        for (Field field : EventTypes.class.getFields()) {
            if (Modifier.isStatic(field.getModifiers()) && !field.getName().startsWith("TOPIC_")
                    && !field.getName().equals("CAMPAIGN_TYPE_PREFIX")) {
                declaredTypes.add((String) field.get(null));
            }
        }
        assertThat(declaredTypes).isEqualTo(contracts.events().keySet());
        assertThat(contracts.events().keySet().stream().filter(t -> t.startsWith(EventTypes.CAMPAIGN_TYPE_PREFIX)))
                .containsExactlyInAnyOrder(EventTypes.CAMPAIGN_SUBMITTED, EventTypes.CAMPAIGN_APPROVED,
                        EventTypes.CAMPAIGN_REJECTED, EventTypes.CAMPAIGN_SCHEDULED, EventTypes.CAMPAIGN_STARTED,
                        EventTypes.CAMPAIGN_CANCELLED, EventTypes.CAMPAIGN_COMPLETED);
        assertThat(contracts.topics()).containsKeys(EventTypes.TOPIC_CAMPAIGN_EVENTS, EventTypes.TOPIC_AGENCY_DIRECTORY);
        for (String channel : Channels.ALL) {
            assertThat(contracts.topics().get(EventTypes.deliveryRequestsTopic(channel)))
                    .containsExactlyInAnyOrder("DeliveryRequested", "DeliveryRetracted");
            assertThat(contracts.topics().get(EventTypes.deliveryStatusTopic(channel)))
                    .containsExactly("DeliveryStatusChanged");
        }
    }

    @Test
    void theChannelListIsTheSchemasChannelEnum() {
        JsonNode common = JsonMapper.builder().build().readTree(Contracts.read("contracts/schemas/_common.v1.json"));
        List<String> enumValues = new ArrayList<>();
        common.path("$defs").path("channel").path("enum").forEach(value -> enumValues.add(value.asString()));
        assertThat(enumValues).isEqualTo(Channels.ALL);
        assertThat(contracts.topics()).containsKey(EventTypes.TOPIC_NOTIFICATION_EVENTS);
    }

    @Test
    void dataschemaUrisPointAtVersionedSchemaFiles() {
        contracts.events().values().forEach(event -> {
            assertThat(event.dataschema()).startsWith(Contracts.SCHEMA_BASE).endsWith(".v1.json");
            assertThat(Contracts.read("contracts/" + event.schemaFile())).contains(event.dataschema());
        });
    }
}
