package vn.govcomm.portal.feeds;

import java.util.Set;

/**
 * These portals' feeds changed (items added, re-sent or retracted; one event per batch of requests): published as
 * a Spring application event.
 */
public record FeedChanged(Set<String> portalIds) {
}
