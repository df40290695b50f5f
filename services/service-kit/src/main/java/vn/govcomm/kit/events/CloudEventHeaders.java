package vn.govcomm.kit.events;

/**
 * CloudEvents 1.0 Kafka protocol binding, binary content mode: attributes travel as headers prefixed
 * {@code ce_}, the record value is the data, {@code content-type} carries the data's media type.
 * The exact names are pinned by a test because every consumer depends on them.
 */
public final class CloudEventHeaders {
    private CloudEventHeaders() {
    }

    public static final String SPEC_VERSION_VALUE = "1.0";
    public static final String SPEC_VERSION = "ce_specversion";
    public static final String ID = "ce_id";
    public static final String SOURCE = "ce_source";
    public static final String TYPE = "ce_type";
    public static final String SUBJECT = "ce_subject";
    public static final String TIME = "ce_time";
    public static final String DATA_SCHEMA = "ce_dataschema";
    public static final String CONTENT_TYPE = "content-type";
    public static final String JSON = "application/json";
}
