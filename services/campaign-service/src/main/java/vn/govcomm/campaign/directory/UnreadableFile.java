package vn.govcomm.campaign.directory;

/** A directory file that cannot be read as a table (not UTF-8, broken CSV quoting, too many rows): one row problem. */
class UnreadableFile extends RuntimeException {

    private final DirectoryFile.RowProblem problem;

    UnreadableFile(DirectoryFile.RowProblem problem) {
        super(problem.reasonEn());
        this.problem = problem;
    }

    DirectoryFile.RowProblem problem() {
        return problem;
    }

    static UnreadableFile tooManyRows(int row, int maxRows) {
        return new UnreadableFile(new DirectoryFile.RowProblem(row, null, "too-many-rows",
                "Tệp có quá " + maxRows + " dòng dữ liệu; hãy chia thành nhiều tệp",
                "The file has more than " + maxRows + " data rows; split it into several files"));
    }
}
