/**
 * The payload of every event the platform's services produce and consume: one record per JSON Schema of
 * {@code contracts/schemas}, its components exactly the schema's properties (nested objects are nested records, the
 * shared {@code _common} definitions shared records), checked by {@code EventPayloadsTests}. Producers build these
 * records, consumers read them through the kit ({@code IncomingEvent.data(json, CampaignScheduled.class)}).
 *
 * <ul>
 *   <li>Optional properties are {@code null} when absent and left out when written ({@code NON_NULL}); numbers and
 *   booleans are boxed, so "absent" stays visible to the consumer, which decides what it cannot do without.</li>
 *   <li>Unknown properties are ignored when read (tolerant reader), whatever the mapper's settings.</li>
 *   <li>Date-times are the RFC 3339 text as sent ({@code String}): producers write the issuer's offset
 *   ({@code 2023-09-01T00:00:00+07:00}) or UTC ({@code occurredAt}), consumers store and show them as sent, and no
 *   mapper setting (time zone adjustment, timestamps) can change them on the way.</li>
 *   <li>A schema enum is a Java enum (an unknown value fails decoding: poison for the consumer), except where the
 *   value is text with its home elsewhere: channels ({@link vn.govcomm.contracts.Channels}, keys and topic suffixes
 *   everywhere), an agency's {@code type} (what an administrator typed, judged by the schema itself before it is
 *   published) and an attachment's {@code mediaType} (the MIME type the kit's sniffer found, handed to HTTP as is).</li>
 * </ul>
 */
package vn.govcomm.contracts.events;
