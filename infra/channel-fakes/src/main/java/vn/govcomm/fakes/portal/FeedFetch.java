package vn.govcomm.fakes.portal;

import java.time.Instant;

/**
 * One feed read by the portal.
 *
 * @param fromCache true when the portal's cache answered and no request was made
 * @param status    200, 304, an error status, -1 when there was no answer
 */
public record FeedFetch(Instant at, String sentIfNoneMatch, String sentIfModifiedSince, int status, String etag,
                        String lastModified, String body, boolean fromCache) {
}
