package vn.govcomm.local;

import org.springframework.beans.factory.BeanClassLoaderAware;
import org.springframework.boot.autoconfigure.AutoConfigurationImportFilter;
import org.springframework.boot.autoconfigure.AutoConfigurationMetadata;
import org.springframework.context.EnvironmentAware;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.core.env.Environment;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Gives each context of the one-JVM launcher only the auto-configurations its own jar would have in production.
 * <p>
 * Every context here sees every jar of every service and the gateway. Without this filter, each service context
 * evaluated about 550 auto-configuration candidates and held about 650 beans, among them the gateway's (Spring Cloud
 * Gateway, Spring Cloud Commons, the Resilience4j starter): about a hundred beans no service has in production, created
 * and condition-checked ten times per start. With it, a candidate from a third-party jar is kept only when that jar is
 * on the service's own runtime classpath, as the service's build listed it ({@link #LIST}, written by
 * maven-dependency-plugin's {@code list} goal in the parent POM).
 * <p>
 * The same holds for our own modules: the gateway does not get service-kit's auto-configurations (its problem-details
 * advice, its health checks), which it does not have in production either.
 * <p>
 * Active only in a context whose {@link #PROPERTY} names its artifact (the launcher sets it for every context it starts);
 * a candidate from a directory (a module's {@code target/classes} in a build that has not packaged it) is left to the
 * other filters and conditions. Registered in {@code META-INF/spring.factories} and ordered first, so the
 * candidates it drops are never looked at by Boot's class and bean filters.
 */
@Order(Ordered.HIGHEST_PRECEDENCE)
public final class OwnClasspath implements AutoConfigurationImportFilter, EnvironmentAware, BeanClassLoaderAware {

    /** The context's own artifact: {@code campaign-service}, …, {@code gateway}. */
    static final String PROPERTY = "govcomm.local.own-classpath";

    /** Where each service's build lists its runtime artifacts, in the service's jar. */
    static final String LIST = "META-INF/govcomm/runtime-artifacts/%s.txt";

    /** {@code groupId:artifactId:type[:classifier]:version:scope}, as maven-dependency-plugin's list goal writes it. */
    private static final Pattern ARTIFACT = Pattern.compile(
            "^\\s+([^:\\s]+):([^:\\s]+):([^:\\s]+):(?:[^:\\s]+:)?([^:\\s]+):(?:compile|runtime)\\b", Pattern.MULTILINE);

    /** The jar (file name without {@code .jar}) a class comes from, or "" when not from a jar; one look-up per JVM. */
    private static final Map<String, String> ORIGINS = new ConcurrentHashMap<>();
    private static final Map<String, Set<String>> ARTIFACTS = new ConcurrentHashMap<>();

    private String artifact;
    private ClassLoader classLoader;

    @Override
    public void setEnvironment(Environment environment) {
        artifact = environment.getProperty(PROPERTY);
    }

    @Override
    public void setBeanClassLoader(ClassLoader classLoader) {
        this.classLoader = classLoader;
    }

    @Override
    public boolean[] match(String[] candidates, AutoConfigurationMetadata metadata) {
        boolean[] keep = new boolean[candidates.length];
        java.util.Arrays.fill(keep, true);
        if (artifact == null) {
            return keep;
        }
        Set<String> own = ARTIFACTS.computeIfAbsent(artifact, a -> artifacts(a, classLoader));
        for (int i = 0; i < candidates.length; i++) {
            if (candidates[i] != null) {
                String jar = ORIGINS.computeIfAbsent(candidates[i], c -> origin(c, classLoader));
                keep[i] = jar.isEmpty() || fromOneOf(jar, own);
            }
        }
        return keep;
    }

    /** The artifactIds on {@code artifact}'s runtime classpath, itself included. */
    static Set<String> artifacts(String artifact, ClassLoader classLoader) {
        String resource = LIST.formatted(artifact);
        try (InputStream in = classLoader.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException(resource + " is missing: build " + artifact
                        + " with Maven (its build lists its runtime artifacts for the launcher)");
            }
            Set<String> ids = new HashSet<>();
            ids.add(artifact);
            Matcher m = ARTIFACT.matcher(new String(in.readAllBytes(), StandardCharsets.UTF_8));
            while (m.find()) {
                ids.add(m.group(2));
            }
            return Set.copyOf(ids);
        } catch (IOException e) {
            throw new UncheckedIOException(resource, e);
        }
    }

    /**
     * Whether a jar named {@code artifactId-version[-classifier]} (a Maven repository's or Boot's {@code lib/} naming)
     * is one of {@code artifactIds}. The version is not compared: the launcher's build may resolve another one.
     */
    static boolean fromOneOf(String jar, Set<String> artifactIds) {
        for (int dash = jar.indexOf('-'); dash > 0 && dash < jar.length() - 1; dash = jar.indexOf('-', dash + 1)) {
            if (Character.isDigit(jar.charAt(dash + 1)) && artifactIds.contains(jar.substring(0, dash))) {
                return true;
            }
        }
        return false;
    }

    private static String origin(String className, ClassLoader classLoader) {
        URL url = classLoader.getResource(className.replace('.', '/') + ".class");
        if (url == null || !"jar".equals(url.getProtocol())) {
            return "";
        }
        String path = url.getPath(); // file:/…/lib/spring-boot-kafka-4.0.9.jar!/org/…
        int bang = path.indexOf("!/");
        String file = path.substring(path.lastIndexOf('/', bang) + 1, bang);
        return file.endsWith(".jar") ? file.substring(0, file.length() - 4) : "";
    }
}
