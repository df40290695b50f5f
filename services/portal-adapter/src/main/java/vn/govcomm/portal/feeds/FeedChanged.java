package vn.govcomm.portal.feeds;

/** A portal's feeds changed (an item was added, re-sent or retracted): published as a Spring application event. */
public record FeedChanged(String portalId, long version) {
}
