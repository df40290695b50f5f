package vn.govcomm.campaign.directory;

import java.util.List;

/**
 * What an import did, or (dry run) would do: data rows read, agencies in the file and how many of them are new,
 * changed or already as the file says; {@code errors} lists every problem of a refused file (then nothing changed
 * and the counts of agencies created/updated/unchanged are 0).
 */
record ImportReport(boolean dryRun, int rows, int agencies, int agenciesCreated, int agenciesUpdated, int unchanged,
                    List<DirectoryFile.RowProblem> errors) {

    static ImportReport refused(boolean dryRun, int rows, int agencies, List<DirectoryFile.RowProblem> errors) {
        return new ImportReport(dryRun, rows, agencies, 0, 0, 0, errors);
    }
}
