package vn.govcomm.fakes.facebook;

import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;

/** A registered Page: its current Page access token, the token's health and the permissions granted. */
final class FacebookPage {

    /** What a state directory keeps of a Page. */
    record Saved(String id, String name, String token, Integer tokenFailureSubcode, Set<String> permissions) {
    }

    static final Set<String> PUBLISHING_PERMISSIONS = Set.of("pages_manage_posts", "pages_read_engagement",
            "pages_read_user_engagement", "pages_manage_engagement");

    private final String id;
    private final String name;
    private volatile String token;
    private volatile Integer tokenFailureSubcode; // null = token valid
    private final Set<String> permissions = ConcurrentHashMap.newKeySet();

    FacebookPage(String id, String name, String token) {
        this.id = id;
        this.name = name;
        this.token = token;
        permissions.addAll(PUBLISHING_PERMISSIONS);
    }

    static FacebookPage restore(Saved saved) {
        FacebookPage page = new FacebookPage(saved.id(), saved.name(), saved.token());
        page.tokenFailureSubcode = saved.tokenFailureSubcode();
        page.permissions.clear();
        page.permissions.addAll(saved.permissions());
        return page;
    }

    Saved saved() {
        return new Saved(id, name, token, tokenFailureSubcode, new TreeSet<>(permissions));
    }

    String id() {
        return id;
    }

    String name() {
        return name;
    }

    String token() {
        return token;
    }

    void token(String value) {
        token = value;
        tokenFailureSubcode = null;
    }

    Integer tokenFailureSubcode() {
        return tokenFailureSubcode;
    }

    void invalidateToken(int subcode) {
        tokenFailureSubcode = subcode;
    }

    boolean has(String permission) {
        return permissions.contains(permission);
    }

    void revoke(String... names) {
        permissions.removeAll(Set.of(names));
    }

    void grant(String... names) {
        permissions.addAll(Set.of(names));
    }
}
