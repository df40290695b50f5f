package vn.govcomm.manual.tasks;

import java.util.Map;

/**
 * The kinds of manual endpoint (the directory endpoint's externalId) and what they mean to people, for tasks whose
 * request carries no endpointName (it is optional in the contract).
 */
final class Kinds {

    record Label(String vi, String en) {
    }

    private static final Map<String, Label> LABELS = Map.of(
            "one-stop-board", new Label("Bảng tin Bộ phận Một cửa", "One-Stop desk notice board"),
            "e-office", new Label("Hệ thống quản lý văn bản và điều hành (E-Office)", "E-Office (internal dissemination)"),
            "loudspeaker", new Label("Hệ thống truyền thanh (loa)", "Loudspeaker broadcast"),
            "press", new Label("Báo chí", "Press"),
            "clinic-board", new Label("Bảng tin cơ sở khám, chữa bệnh", "Hospital or clinic notice board"),
            "other", new Label("Kênh khác", "Other channel"));

    private Kinds() {
    }

    /** The kinds this adapter can name (a test keeps them equal to the contracts' Channels.MANUAL_KINDS). */
    static java.util.Set<String> named() {
        return LABELS.keySet();
    }

    static Label of(String kind) {
        return LABELS.getOrDefault(kind, LABELS.get("other"));
    }
}
