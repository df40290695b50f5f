package vn.govcomm.fakes.wordpress;

import java.time.Instant;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;
import vn.govcomm.fakes.http.Json;
import vn.govcomm.fakes.http.Request;

/**
 * The post fields of a create/update request, from a JSON or form body, validated as WordPress validates its
 * arguments. Absent fields are {@code null}.
 */
record PostInput(String title, String content, String excerpt, String slug, String status, Instant date,
                 List<Integer> categories, List<Integer> tags) {

    static final List<String> STATUSES = List.of("publish", "future", "draft", "pending", "private");
    private static final Set<String> LIST_FIELDS = Set.of("categories", "tags");

    static PostInput from(Request req, ZoneId siteZone) {
        ObjectNode body = body(req);
        Map<String, String[]> errors = new LinkedHashMap<>();
        String title = rawText(body, "title", errors);
        String content = rawText(body, "content", errors);
        String excerpt = rawText(body, "excerpt", errors);
        String slug = rawText(body, "slug", errors);
        String status = rawText(body, "status", errors);
        if (status != null && !STATUSES.contains(status)) {
            errors.put("status", new String[] {"rest_not_in_enum",
                    "status is not one of publish, future, draft, pending, and private."});
        }
        Instant date = date(body, "date_gmt", ZoneOffset.UTC, errors);
        if (date == null) {
            date = date(body, "date", siteZone, errors);
        }
        List<Integer> categories = ids(body, "categories", errors);
        List<Integer> tags = ids(body, "tags", errors);
        if (!errors.isEmpty()) {
            throw WordPressError.invalidParams(errors).exception();
        }
        return new PostInput(title, content, excerpt, slug, status, date, categories, tags);
    }

    private static ObjectNode body(Request req) {
        if (req.isForm()) {
            ObjectNode node = Json.object();
            req.form().forEach((key, values) -> {
                String name = key.endsWith("[]") ? key.substring(0, key.length() - 2) : key;
                if (LIST_FIELDS.contains(name) && key.endsWith("[]")) {
                    ArrayNode array = node.has(name) ? (ArrayNode) node.get(name) : node.putArray(name);
                    values.forEach(array::add);
                } else {
                    node.put(name, values.getFirst());
                }
            });
            return node;
        }
        String text = req.bodyText();
        if (text.isBlank()) {
            return Json.object();
        }
        JsonNode parsed = Json.parseOrNull(text);
        if (!(parsed instanceof ObjectNode object)) {
            ObjectNode data = Json.object().put("json_error_code", 4).put("json_error_message", "Syntax error");
            throw new WordPressError(400, "rest_invalid_json", "Invalid JSON body passed.", data).exception();
        }
        return object;
    }

    /** A string, or WordPress's {"raw": "..."} object form. */
    private static String rawText(ObjectNode body, String field, Map<String, String[]> errors) {
        JsonNode value = body.get(field);
        if (value == null || value.isNull()) {
            return null;
        }
        if (value.isObject() && value.has("raw") && value.get("raw").isString()) {
            return value.get("raw").asString();
        }
        if (!value.isString()) {
            errors.put(field, new String[] {"rest_invalid_type", field + " is not of type string."});
            return null;
        }
        return value.asString();
    }

    private static Instant date(ObjectNode body, String field, ZoneId zoneIfNone, Map<String, String[]> errors) {
        String value = Json.text(body, field);
        if (value == null || value.isBlank()) {
            return null;
        }
        try {
            return OffsetDateTime.parse(value).toInstant();
        } catch (DateTimeParseException ignored) {
            // no offset: local to the field's zone
        }
        try {
            return LocalDateTime.parse(value).atZone(zoneIfNone).toInstant();
        } catch (DateTimeParseException e) {
            errors.put(field, new String[] {"rest_invalid_date", "Invalid date."});
            return null;
        }
    }

    /** An array of integers, or a comma-separated string of them (WordPress accepts both). */
    private static List<Integer> ids(ObjectNode body, String field, Map<String, String[]> errors) {
        JsonNode value = body.get(field);
        if (value == null || value.isNull()) {
            return null;
        }
        List<JsonNode> items = new ArrayList<>();
        if (value.isArray()) {
            value.forEach(items::add);
        } else if (value.isString()) {
            for (String part : value.asString().split(",")) {
                if (!part.isBlank()) {
                    items.add(Json.mapper().getNodeFactory().stringNode(part.trim()));
                }
            }
        } else {
            items.add(value);
        }
        List<Integer> ids = new ArrayList<>();
        for (int i = 0; i < items.size(); i++) {
            JsonNode item = items.get(i);
            if (item.isIntegralNumber()) {
                ids.add(item.asInt());
            } else if (item.isString() && item.asString().matches("\\d+")) {
                ids.add(Integer.parseInt(item.asString()));
            } else {
                errors.put(field, new String[] {"rest_invalid_type", field + "[" + i + "] is not of type integer."});
                return null;
            }
        }
        return ids;
    }
}
