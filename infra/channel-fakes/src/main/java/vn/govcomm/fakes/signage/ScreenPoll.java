package vn.govcomm.fakes.signage;

import java.time.Instant;

/**
 * One playlist poll.
 *
 * @param sentIfNoneMatch the validator the screen sent, null on a first poll
 * @param status          200, 304, an error status, -1 when there was no answer, 0 when skipped (screen silent)
 */
public record ScreenPoll(Instant at, String sentIfNoneMatch, int status, String etag, String version) {
}
