package vn.govcomm.campaign.succession;

import io.swagger.v3.oas.annotations.media.Schema;

/** The body of {@code POST /api/agencies/{id}/succession}. */
record SuccessionRequest(
        @Schema(requiredMode = Schema.RequiredMode.REQUIRED, example = "ubnd-phuong-nha-trang",
                description = "The agency that takes this one over: in the directory and active") String successorId,
        @Schema(requiredMode = Schema.RequiredMode.REQUIRED, allowableValues = {"MERGED", "RENAMED"}) String kind,
        @Schema(description = "true: answer the report, change nothing") Boolean dryRun) {
}
