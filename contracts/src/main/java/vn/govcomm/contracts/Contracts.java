package vn.govcomm.contracts;

import com.networknt.schema.Error;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SchemaRegistryConfig;
import com.networknt.schema.SpecificationVersion;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.dataformat.yaml.YAMLMapper;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The event catalogue read from {@code contracts/asyncapi.yaml}: for every CloudEvents type, its JSON Schema,
 * example and topics. Producers validate what they emit with {@link #validate}; consumers feed themselves
 * {@link #example}. Nothing here is hand-maintained twice: the AsyncAPI document is the single source.
 */
public final class Contracts {

    public static final String SCHEMA_BASE = "https://govcomm.vn/contracts/schemas/";
    private static final String ROOT = "contracts/";

    private static final ObjectMapper JSON = JsonMapper.builder().build();
    private static final Contracts INSTANCE = load();

    private final Map<String, EventContract> byType;
    private final Map<String, List<String>> messagesByTopic;
    private final SchemaRegistry registry;
    private final Map<String, Schema> schemas = new ConcurrentHashMap<>();

    private Contracts(Map<String, EventContract> byType, Map<String, List<String>> messagesByTopic) {
        this.byType = byType;
        this.messagesByTopic = messagesByTopic;
        this.registry = SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_2020_12, builder -> builder
                .schemaIdResolvers(ids -> ids.mapPrefix(SCHEMA_BASE, "classpath:" + ROOT + "schemas/"))
                .schemaRegistryConfig(SchemaRegistryConfig.builder().formatAssertionsEnabled(true).build()));
    }

    public static Contracts get() {
        return INSTANCE;
    }

    /** One message of the AsyncAPI document. */
    public record EventContract(String messageName, String ceType, String schemaFile, String exampleFile) {
        public String dataschema() {
            return SCHEMA_BASE + schemaFile.substring("schemas/".length());
        }
    }

    public Map<String, EventContract> events() {
        return byType;
    }

    /** Topic address → message names published on it (per AsyncAPI channels). */
    public Map<String, List<String>> topics() {
        return messagesByTopic;
    }

    public EventContract contract(String ceType) {
        EventContract contract = byType.get(ceType);
        if (contract == null) {
            throw new IllegalArgumentException("No contract for CloudEvents type " + ceType);
        }
        return contract;
    }

    /** Returns the schema violations of {@code json} against the schema of {@code ceType}; empty = valid. */
    public List<String> validate(String ceType, String json) {
        EventContract contract = contract(ceType);
        Schema schema = schemas.computeIfAbsent(ceType,
                t -> registry.getSchema(SchemaLocation.of(contract.dataschema())));
        JsonNode node = JSON.readTree(json);
        return schema.validate(node).stream().map(Error::toString).toList();
    }

    /** The example payload of {@code ceType}, as JSON text. */
    public String example(String ceType) {
        return read(ROOT + contract(ceType).exampleFile());
    }

    public static String read(String classpathResource) {
        try (InputStream in = Contracts.class.getClassLoader().getResourceAsStream(classpathResource)) {
            if (in == null) {
                throw new IllegalArgumentException("Missing contract resource " + classpathResource);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Contracts load() {
        JsonNode doc = YAMLMapper.builder().build().readTree(read(ROOT + "asyncapi.yaml"));
        Map<String, EventContract> byType = new LinkedHashMap<>();
        for (Map.Entry<String, JsonNode> m : doc.path("components").path("messages").properties()) {
            JsonNode message = m.getValue();
            String type = message.path("x-ce-type").asString();
            String schema = message.path("payload").path("$ref").asString();
            String example = message.path("x-example").asString();
            byType.put(type, new EventContract(m.getKey(), type, schema, example));
        }
        Map<String, List<String>> topics = new LinkedHashMap<>();
        for (Map.Entry<String, JsonNode> c : doc.path("channels").properties()) {
            List<String> names = c.getValue().path("messages").propertyNames().stream().toList();
            topics.put(c.getValue().path("address").asString(), names);
        }
        return new Contracts(Map.copyOf(byType), Map.copyOf(topics));
    }
}
