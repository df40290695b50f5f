package vn.govcomm.campaign.directory;

/** A file with bad rows (or an unreadable one): answered 422 with the report, every problem listed; nothing changed. */
class ImportRefused extends RuntimeException {

    private final ImportReport report;

    ImportRefused(ImportReport report) {
        super(report.errors().size() + " problems in the directory file");
        this.report = report;
    }

    ImportReport report() {
        return report;
    }
}
