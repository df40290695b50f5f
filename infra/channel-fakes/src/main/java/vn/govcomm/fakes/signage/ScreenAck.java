package vn.govcomm.fakes.signage;

import java.time.Instant;

/**
 * An acknowledgement as sent (or still held) by the screen.
 *
 * @param at     when the event happened on the device (not when it was sent)
 * @param sentAt when it was sent, null while held
 * @param status the server's answer, -1 when there was none
 */
public record ScreenAck(String deliveryId, String state, Instant at, Instant sentAt, int status) {
}
