package vn.govcomm.led.xibo;

import vn.govcomm.kit.delivery.StatusReports.DeliveryRef;

import java.time.Instant;
import java.util.List;

/** A notice to put on a Xibo-managed screen: already fitted to the screen's lines. */
public record XiboPublication(DeliveryRef ref, String screenId, String noticeId, List<String> lines, int durationSec,
                              boolean urgent, Instant from, Instant to) {
}
