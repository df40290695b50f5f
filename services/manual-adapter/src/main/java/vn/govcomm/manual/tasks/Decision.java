package vn.govcomm.manual.tasks;

/** What the issuing agency decided about the latest evidence. */
public enum Decision {
    ACCEPT,
    REJECT
}
