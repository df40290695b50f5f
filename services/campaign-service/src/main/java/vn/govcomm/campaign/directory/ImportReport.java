package vn.govcomm.campaign.directory;

import java.util.List;

/**
 * What an import did, or (dry run) would do: data rows read, agencies in the file and how many of them are new,
 * changed or already as the file says; the successions it ran (or would); {@code errors} lists every problem of a refused file (then nothing changed
 * and the counts of agencies created/updated/unchanged are 0).
 */
record ImportReport(boolean dryRun, int rows, int agencies, int agenciesCreated, int agenciesUpdated, int unchanged,
                    List<SuccessionRun> successions, List<DirectoryFile.RowProblem> errors) {

    static ImportReport refused(boolean dryRun, int rows, int agencies, List<DirectoryFile.RowProblem> errors) {
        return new ImportReport(dryRun, rows, agencies, 0, 0, 0, List.of(), errors);
    }

    /**
     * A succession the file ran (or, dry run, would run), from the first row of the predecessor, with what moved to the
     * successor as {@code POST /api/agencies/{id}/succession} counts it.
     */
    record SuccessionRun(int row, String agencyId, String successorId, String kind, int repointedPredecessors,
                         int planTasks, int templates, int campaigns) {
    }
}
