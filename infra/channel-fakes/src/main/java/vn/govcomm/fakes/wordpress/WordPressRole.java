package vn.govcomm.fakes.wordpress;

/** WordPress roles as far as posting goes: a contributor may not publish. */
public enum WordPressRole {
    ADMINISTRATOR, EDITOR, AUTHOR, CONTRIBUTOR;

    boolean canPublish() {
        return this != CONTRIBUTOR;
    }
}
