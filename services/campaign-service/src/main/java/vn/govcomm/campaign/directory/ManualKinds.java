package vn.govcomm.campaign.directory;

import vn.govcomm.contracts.Channels;

import java.util.List;

/**
 * The kinds of {@code manual} endpoint (its externalId): places the platform cannot post to, where the agency
 * publishes by hand and confirms with evidence. The endpoint's displayName says what exactly to do.
 */
final class ManualKinds {

    private ManualKinds() {
    }

    /** Bảng tin Bộ phận Một cửa, E-Office / internal dissemination, loudspeakers, press, hospital/clinic boards. */
    static final List<String> ALL = Channels.MANUAL_KINDS;

    /** Vietnamese names, for messages. */
    static final String NAMES_VI = "one-stop-board (bảng tin Bộ phận Một cửa), e-office (văn phòng điện tử, phổ biến "
            + "nội bộ), loudspeaker (loa truyền thanh), press (báo chí), clinic-board (bảng tin bệnh viện, trạm y tế), "
            + "other (khác)";
}
