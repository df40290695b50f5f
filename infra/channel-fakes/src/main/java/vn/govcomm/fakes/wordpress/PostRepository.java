package vn.govcomm.fakes.wordpress;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.IntFunction;

/** Posts by id. Slug uniqueness is decided under the same lock as the save, as WordPress does per insert. */
final class PostRepository {

    private final Map<Integer, WordPressPost> posts = new LinkedHashMap<>();
    private int nextId = 101;

    /** Saves a new post built from the id it gets; the builder receives the id. */
    synchronized WordPressPost insert(IntFunction<WordPressPost> build) {
        WordPressPost post = build.apply(nextId++);
        posts.put(post.id(), post);
        return post;
    }

    synchronized WordPressPost save(WordPressPost post) {
        posts.put(post.id(), post);
        return post;
    }

    synchronized Optional<WordPressPost> byId(int id) {
        return Optional.ofNullable(posts.get(id));
    }

    synchronized WordPressPost remove(int id) {
        return posts.remove(id);
    }

    synchronized List<WordPressPost> all() {
        return List.copyOf(posts.values());
    }

    /** {@code base}, or {@code base-2}, {@code base-3}... whichever no other live post uses. */
    synchronized String uniqueSlug(String base, int selfId) {
        if (base.isEmpty()) {
            return base;
        }
        String candidate = base;
        int suffix = 2;
        while (taken(candidate, selfId)) {
            candidate = base + "-" + suffix++;
        }
        return candidate;
    }

    private boolean taken(String slug, int selfId) {
        return posts.values().stream()
                .anyMatch(p -> p.id() != selfId && !"trash".equals(p.status()) && slug.equals(p.slug()));
    }
}
