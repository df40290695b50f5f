package vn.govcomm.architecture;

import vn.govcomm.contracts.Channels;
import vn.govcomm.contracts.Contracts;
import vn.govcomm.contracts.EventTypes;

import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The wire names a service's own string literal must not spell: channel names, topics, {@code vn.govcomm.*}
 * event types and contracts schema URLs. Their values are read from the contracts, their one home.
 */
final class WireNames {

    /** A {@code vn.govcomm.<context>.} name that is all lower case (an event type or its prefix, not a class name). */
    private static final Pattern EVENT_TYPE =
            Pattern.compile("(?<![\\w.-])vn\\.govcomm\\.[a-z][a-z0-9-]*+\\.[a-z0-9.-]*+(?![\\w$])");
    private static final Pattern NOT_IN_A_NAME = Pattern.compile("[^A-Za-z0-9._-]+");

    private final List<String> channels = Channels.ALL;
    private final Set<String> topics = Contracts.get().topics().keySet();
    private final List<String> topicFamilies = List.of(EventTypes.deliveryRequestsTopic(""),
            EventTypes.deliveryStatusTopic(""));
    private final String schemaHome = Contracts.SCHEMA_BASE.replaceFirst("^https?://", "").replaceFirst("/schemas/$", "");

    /** What {@code literal} spells of the wire, if anything. */
    Optional<String> spelledIn(String literal) {
        if (channels.contains(literal) || channels.stream().anyMatch(c -> literal.contains('"' + c + '"'))) {
            return Optional.of("channel name");
        }
        for (String name : NOT_IN_A_NAME.split(literal)) {
            if (isTopic(name)) {
                return Optional.of("topic");
            }
        }
        if (EVENT_TYPE.matcher(literal).find()) {
            return Optional.of("event type");
        }
        if (literal.contains(schemaHome)) {
            return Optional.of("contracts schema URL");
        }
        return Optional.empty();
    }

    private boolean isTopic(String name) {
        return topics.stream().anyMatch(t -> name.equals(t) || name.startsWith(t + "."))
                || topicFamilies.stream().anyMatch(f -> name.startsWith(f) || name.equals(f.substring(0, f.length() - 1)));
    }
}
