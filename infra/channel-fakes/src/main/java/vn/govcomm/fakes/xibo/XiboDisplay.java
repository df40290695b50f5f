package vn.govcomm.fakes.xibo;

import java.time.Instant;

/**
 * What {@code GET /display} reports for one display.
 *
 * @param mediaInventoryStatus 1 up to date, 2 downloading, 3 out of date
 */
public record XiboDisplay(int displayId, String name, int displayGroupId, boolean loggedIn, Instant lastAccessed,
                          int mediaInventoryStatus, int currentLayoutId) {
}
