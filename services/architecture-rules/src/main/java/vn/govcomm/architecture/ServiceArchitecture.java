package vn.govcomm.architecture;

import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.domain.JavaCodeUnitAccess;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.lang.EvaluationResult;
import com.tngtech.archunit.library.dependencies.SlicesRuleDefinition;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Consumer;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * The architecture rules of a GovComm service, checked on its main classes ({@code target/classes}) and sources
 * ({@code src/main/java}). A service's {@code ArchitectureTests} calls
 * {@code ServiceArchitecture.of("vn.govcomm.reporting").verify()}; see {@link Rule} for what is checked.
 * <p>
 * A rule a class cannot follow yet is waived for that class by a named exception with its reason
 * ({@link #except}, {@link #exceptLiteral}); an exception that no longer matches anything fails too, so the list
 * shrinks as the code improves and never hides anything silently.
 */
public final class ServiceArchitecture {

    public enum Rule {
        FEATURE_CYCLES("feature packages are free of cycles"),
        FEATURE_DIRECTIONS("feature packages depend only on the features declared for them"),
        CONTROLLERS_CALL_THEIR_FEATURE("web controllers call their feature's components, not the store"),
        ONLY_THE_KIT_PRODUCES("only the kit touches Kafka producers and outbox internals"),
        WIRE_NAMES_FROM_CONTRACTS("channel names, topics, event types and schema URLs come from the contracts");

        private final String description;

        Rule(String description) {
            this.description = description;
        }

        public String description() {
            return description;
        }
    }

    private static final String CONTROLLER = "org.springframework.stereotype.Controller";
    private static final List<String> STORE_PACKAGES = List.of("org.springframework.data.mongodb", "com.mongodb");
    private static final List<String> STORE_TYPES = List.of("org.springframework.data.repository.Repository");
    private static final List<String> PRODUCER_TYPES = List.of(
            "org.springframework.kafka.core.KafkaOperations",
            "org.springframework.kafka.core.ProducerFactory",
            "org.apache.kafka.clients.producer.Producer",
            "org.apache.kafka.clients.producer.ProducerRecord",
            "vn.govcomm.kit.events.EventPublisher");
    private static final String OUTBOX_RELAY = "vn.govcomm.kit.outbox.OutboxRelay";
    private static final String OUTBOX_ENTRY = "toDocument";

    private final String basePackage;
    private final Path classesDir;
    private final Path sourceRoot;
    private JavaClasses classes;
    private final Map<String, Set<String>> features = new LinkedHashMap<>();
    private final Set<String> standAlone = new LinkedHashSet<>();
    private final List<NamedException> exceptions = new ArrayList<>();
    private final Map<Rule, String> waived = new EnumMap<>(Rule.class);

    private ServiceArchitecture(String basePackage, JavaClasses classes, Path classesDir, Path sourceRoot) {
        this.basePackage = Objects.requireNonNull(basePackage);
        this.classes = classes;
        this.classesDir = classesDir;
        this.sourceRoot = Objects.requireNonNull(sourceRoot);
    }

    /** The service whose main code is {@code basePackage}, read from the module's target/classes and src/main/java. */
    public static ServiceArchitecture of(String basePackage) {
        return new ServiceArchitecture(basePackage, null, Path.of("target/classes").toAbsolutePath(),
                Path.of("src/main/java"));
    }

    /** {@code classes} and the sources under {@code sourceRoot} (the directory that holds {@code vn/...}). */
    public static ServiceArchitecture of(String basePackage, JavaClasses classes, Path sourceRoot) {
        return new ServiceArchitecture(basePackage, classes, null, sourceRoot);
    }

    /**
     * Declares feature package {@code name} (directly under the base package) and the features it may use. Once one
     * feature is declared, every feature package must be, and none may use a feature not listed for it.
     */
    public ServiceArchitecture feature(String name, String... mayUse) {
        features.put(name, new LinkedHashSet<>(List.of(mayUse)));
        return this;
    }

    /** These feature packages use no other feature package (the others are not constrained by this). */
    public ServiceArchitecture standAlone(String... names) {
        standAlone.addAll(List.of(names));
        return this;
    }

    /**
     * Waives {@link Rule#CONTROLLERS_CALL_THEIR_FEATURE} or {@link Rule#ONLY_THE_KIT_PRODUCES} for one class
     * ({@code type} relative to the base package, e.g. {@code "dispatch.BulkDispatcher"}), for {@code reason}.
     */
    public ServiceArchitecture except(Rule rule, String type, String reason) {
        if (rule != Rule.CONTROLLERS_CALL_THEIR_FEATURE && rule != Rule.ONLY_THE_KIT_PRODUCES) {
            throw new IllegalArgumentException(rule + " takes no class exceptions: "
                    + (rule == Rule.WIRE_NAMES_FROM_CONTRACTS ? "use exceptLiteral" : "fix the dependency or declare it"));
        }
        exceptions.add(new NamedException(rule, type, null, requireReason(reason)));
        return this;
    }

    /** Allows the string literal {@code literal} in the source of {@code type} (relative to the base package). */
    public ServiceArchitecture exceptLiteral(String type, String literal, String reason) {
        exceptions.add(new NamedException(Rule.WIRE_NAMES_FROM_CONTRACTS, type, literal, requireReason(reason)));
        return this;
    }

    /** Does not check {@code rule} at all here (the kit is where Kafka producers belong), for {@code reason}. */
    public ServiceArchitecture without(Rule rule, String reason) {
        waived.put(rule, requireReason(reason));
        return this;
    }

    /** The service's main classes, for service-specific ArchUnit rules. */
    public JavaClasses classes() {
        if (classes == null) {
            classes = new ClassFileImporter().withImportOption(location -> isUnder(location.asURI(), classesDir))
                    .importPackages(basePackage);
        }
        return classes;
    }

    /** Fails with every violation of every rule, and every exception that matched nothing. */
    public void verify() {
        List<String> violations = violations();
        if (!violations.isEmpty()) {
            String named = exceptions.stream().map(e -> "\n - " + e.type() + (e.literal() == null ? "" : " \"" + e.literal()
                    + "\"") + " (" + e.rule().description() + "): " + e.reason()).collect(Collectors.joining());
            throw new AssertionError("Architecture of " + basePackage + ": " + violations.size() + " violation(s)\n - "
                    + String.join("\n - ", violations) + (named.isEmpty() ? "" : "\nNamed exceptions:" + named));
        }
    }

    /** Every violation, as "rule: detail"; empty when the service follows all rules. */
    public List<String> violations() {
        if (classes().isEmpty()) {
            return List.of("no classes of " + basePackage + " found" + (classesDir == null ? "" : " in " + classesDir));
        }
        List<Violation> found = new ArrayList<>();
        check(Rule.FEATURE_CYCLES, found, this::cycles);
        check(Rule.FEATURE_DIRECTIONS, found, this::directions);
        check(Rule.CONTROLLERS_CALL_THEIR_FEATURE, found, this::controllers);
        check(Rule.ONLY_THE_KIT_PRODUCES, found, this::producers);
        check(Rule.WIRE_NAMES_FROM_CONTRACTS, found, this::wireNames);

        List<String> report = new ArrayList<>();
        found.stream().filter(v -> exceptions.stream().noneMatch(e -> e.excuses(v)))
                .forEach(v -> report.add(v.rule().description() + ": " + v.detail()));
        exceptions.stream().filter(e -> !waived.containsKey(e.rule()) && found.stream().noneMatch(e::excuses))
                .forEach(e -> report.add(e.rule().description() + ": the exception for " + e.type()
                        + (e.literal() == null ? "" : " \"" + e.literal() + "\"") + " matches nothing any more: remove it"));
        return report;
    }

    private void check(Rule rule, List<Violation> found, Consumer<List<Violation>> evaluation) {
        if (!waived.containsKey(rule)) {
            evaluation.accept(found);
        }
    }

    private void cycles(List<Violation> found) {
        EvaluationResult result = SlicesRuleDefinition.slices().matching(basePackage + ".(*)..")
                .should().beFreeOfCycles().allowEmptyShould(true).evaluate(classes());
        result.getFailureReport().getDetails()
                .forEach(detail -> found.add(new Violation(Rule.FEATURE_CYCLES, null, null, detail)));
    }

    private void directions(List<Violation> found) {
        if (features.isEmpty() && standAlone.isEmpty()) {
            return;
        }
        Set<String> present = classes().stream().map(this::featureOf).filter(Objects::nonNull)
                .collect(Collectors.toCollection(TreeSet::new));
        if (!features.isEmpty()) {
            present.stream().filter(f -> !features.containsKey(f)).forEach(f -> found.add(new Violation(
                    Rule.FEATURE_DIRECTIONS, null, null, "feature package " + f + " is not declared")));
            features.forEach((feature, uses) -> uses.stream().filter(u -> !features.containsKey(u)).forEach(u ->
                    found.add(new Violation(Rule.FEATURE_DIRECTIONS, null, null,
                            feature + " may use " + u + ", which is not a declared feature"))));
        }
        Stream.concat(features.keySet().stream(), standAlone.stream()).distinct().filter(f -> !present.contains(f))
                .forEach(f -> found.add(new Violation(Rule.FEATURE_DIRECTIONS, null, null,
                        "feature " + f + " has no classes in " + basePackage)));
        Set<String> reported = new TreeSet<>();
        for (JavaClass origin : classes()) {
            String feature = featureOf(origin);
            if (feature == null || !(features.containsKey(feature) || standAlone.contains(feature))) {
                continue;
            }
            Set<String> allowed = standAlone.contains(feature) ? Set.of() : features.get(feature);
            origin.getDirectDependenciesFromSelf().forEach(dependency -> {
                JavaClass target = dependency.getTargetClass().getBaseComponentType();
                String used = featureOf(target);
                if (used != null && !used.equals(feature) && !allowed.contains(used)
                        && reported.add(relative(topLevel(origin)) + " → " + relative(topLevel(target)))) {
                    found.add(new Violation(Rule.FEATURE_DIRECTIONS, relative(topLevel(origin)), null,
                            relative(topLevel(origin)) + " uses " + relative(topLevel(target)) + " "
                                    + dependency.getSourceCodeLocation() + "; " + feature + " may use "
                                    + (allowed.isEmpty() ? "no other feature" : String.join(", ", allowed))));
                }
            });
        }
    }

    private void controllers(List<Violation> found) {
        Set<String> reported = new TreeSet<>();
        for (JavaClass origin : classes()) {
            if (!isController(origin)) {
                continue;
            }
            origin.getDirectDependenciesFromSelf().forEach(dependency -> {
                JavaClass target = dependency.getTargetClass().getBaseComponentType();
                if (isStore(target) && reported.add(topLevel(origin) + " → " + target.getName())) {
                    found.add(new Violation(Rule.CONTROLLERS_CALL_THEIR_FEATURE, relative(topLevel(origin)), null,
                            relative(topLevel(origin)) + " uses " + relative(target.getName()) + " "
                                    + dependency.getSourceCodeLocation()));
                }
            });
        }
    }

    private void producers(List<Violation> found) {
        Set<String> reported = new TreeSet<>();
        for (JavaClass origin : classes()) {
            origin.getDirectDependenciesFromSelf().forEach(dependency -> {
                JavaClass target = dependency.getTargetClass().getBaseComponentType();
                if (PRODUCER_TYPES.stream().anyMatch(target::isAssignableTo)
                        && reported.add(topLevel(origin) + " → " + target.getName())) {
                    found.add(new Violation(Rule.ONLY_THE_KIT_PRODUCES, relative(topLevel(origin)), null,
                            relative(topLevel(origin)) + " uses " + relative(target.getName()) + " "
                                    + dependency.getSourceCodeLocation()));
                }
            });
            Stream.<JavaCodeUnitAccess<?>>concat(origin.getMethodCallsFromSelf().stream(),
                            origin.getMethodReferencesFromSelf().stream())
                    .filter(access -> access.getTargetOwner().getName().equals(OUTBOX_RELAY)
                            && access.getName().equals(OUTBOX_ENTRY))
                    .forEach(access -> found.add(new Violation(Rule.ONLY_THE_KIT_PRODUCES, relative(topLevel(origin)),
                            null, relative(topLevel(origin)) + " writes an outbox entry itself (OutboxRelay."
                            + OUTBOX_ENTRY + ") " + access.getSourceCodeLocation() + "; use OutboxWriter")));
        }
    }

    private void wireNames(List<Violation> found) {
        Path root = sourceRoot.resolve(basePackage.replace('.', '/'));
        if (!Files.isDirectory(root)) {
            found.add(new Violation(Rule.WIRE_NAMES_FROM_CONTRACTS, null, null, "no sources in " + root));
            return;
        }
        WireNames wire = new WireNames();
        try (Stream<Path> files = Files.walk(root)) {
            for (Path file : files.filter(f -> f.toString().endsWith(".java")).sorted().toList()) {
                String relativePath = root.relativize(file).toString().replace('\\', '/');
                String type = relativePath.substring(0, relativePath.length() - ".java".length()).replace('/', '.');
                for (JavaStringLiterals.Literal literal : JavaStringLiterals.in(Files.readString(file))) {
                    wire.spelledIn(literal.value()).ifPresent(kind -> found.add(new Violation(
                            Rule.WIRE_NAMES_FROM_CONTRACTS, type, literal.value(), relativePath + ":" + literal.line()
                            + " spells the " + kind + " \"" + literal.value() + "\"; name it through "
                            + "vn.govcomm.contracts (Channels, EventTypes, Contracts)")));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private boolean isController(JavaClass type) {
        for (Optional<JavaClass> c = Optional.of(type); c.isPresent(); c = c.get().getEnclosingClass()) {
            if (c.get().isMetaAnnotatedWith(CONTROLLER)) {
                return true;
            }
        }
        return false;
    }

    private static boolean isStore(JavaClass type) {
        return STORE_PACKAGES.stream().anyMatch(p -> type.getPackageName().equals(p)
                || type.getPackageName().startsWith(p + ".")) || STORE_TYPES.stream().anyMatch(type::isAssignableTo);
    }

    /** The feature package (first package below the base) of {@code type}; null for the base package or outside. */
    private String featureOf(JavaClass type) {
        String name = type.getPackageName();
        if (!name.startsWith(basePackage + ".")) {
            return null;
        }
        String rest = name.substring(basePackage.length() + 1);
        int dot = rest.indexOf('.');
        return dot < 0 ? rest : rest.substring(0, dot);
    }

    private static String topLevel(JavaClass type) {
        int nested = type.getName().indexOf('$');
        return nested < 0 ? type.getName() : type.getName().substring(0, nested);
    }

    private String relative(String type) {
        return type.startsWith(basePackage + ".") ? type.substring(basePackage.length() + 1) : type;
    }

    private static boolean isUnder(URI location, Path directory) {
        return "file".equals(location.getScheme()) && Path.of(location).startsWith(directory);
    }

    private static String requireReason(String reason) {
        if (reason == null || reason.isBlank()) {
            throw new IllegalArgumentException("An exception to an architecture rule needs its reason");
        }
        return reason;
    }

    private record Violation(Rule rule, String type, String literal, String detail) {
    }

    private record NamedException(Rule rule, String type, String literal, String reason) {
        boolean excuses(Violation violation) {
            return violation.rule() == rule && type.equals(violation.type())
                    && (literal == null || literal.equals(violation.literal()));
        }
    }
}
