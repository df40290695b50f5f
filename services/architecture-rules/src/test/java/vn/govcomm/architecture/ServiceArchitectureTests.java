package vn.govcomm.architecture;

import com.tngtech.archunit.core.importer.ClassFileImporter;
import org.junit.jupiter.api.Test;
import vn.govcomm.architecture.ServiceArchitecture.Rule;

import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Each rule passes on the good fixture and fails on a fixture that breaks it on purpose (see fixtures/). */
class ServiceArchitectureTests {

    static final String FIXTURES = "vn.govcomm.architecture.fixtures.";

    static ServiceArchitecture fixture(String name) {
        String base = FIXTURES + name;
        return ServiceArchitecture.of(base, new ClassFileImporter().importPackages(base), Path.of("src/test/java"));
    }

    static List<String> of(Rule rule, ServiceArchitecture architecture) {
        return architecture.violations().stream().filter(v -> v.startsWith(rule.description() + ": "))
                .map(v -> v.substring(rule.description().length() + 2)).toList();
    }

    /** The classes named by violations of the form "feature.Type uses ...". */
    static List<String> offenders(Rule rule, ServiceArchitecture architecture) {
        return of(rule, architecture).stream().map(v -> v.substring(0, v.indexOf(' '))).distinct().sorted().toList();
    }

    @Test
    void aServiceThatFollowsEveryRulePasses() {
        ServiceArchitecture good = fixture("good");

        assertThat(good.violations()).isEmpty();
        good.verify();
    }

    @Test
    void theRulesModuleFollowsItsOwnRulesAndReadsOnlyItsMainClasses() {
        ServiceArchitecture self = ServiceArchitecture.of("vn.govcomm.architecture");

        assertThat(self.classes().contain(ServiceArchitecture.class)).isTrue();
        assertThat(self.classes().stream().map(c -> c.getPackageName())).doesNotContain(FIXTURES + "cycle.a");
        self.verify();
    }

    @Test
    void aCycleBetweenTwoFeaturePackagesFails() {
        ServiceArchitecture cycle = fixture("cycle");

        assertThat(of(Rule.FEATURE_CYCLES, cycle)).singleElement().asString()
                .contains("Slice a", "Slice b", "Campaigns", "Deliveries");
        assertThatThrownBy(cycle::verify).isInstanceOf(AssertionError.class)
                .hasMessageContaining("1 violation(s)").hasMessageContaining(Rule.FEATURE_CYCLES.description());
    }

    @Test
    void featuresUseOnlyTheFeaturesDeclaredForThem() {
        assertThat(fixture("good").feature("orders").feature("web", "orders").violations()).isEmpty();

        assertThat(of(Rule.FEATURE_DIRECTIONS, fixture("good").feature("orders", "web").feature("web")))
                .singleElement().asString()
                .startsWith("web.OrdersController uses orders.Orders (OrdersController.java:")
                .endsWith("web may use no other feature");
    }

    @Test
    void onceOneFeatureIsDeclaredEveryFeatureMustBeAndExist() {
        assertThat(of(Rule.FEATURE_DIRECTIONS, fixture("good").feature("orders")))
                .containsExactly("feature package web is not declared");
        assertThat(of(Rule.FEATURE_DIRECTIONS, fixture("good").feature("orders").feature("web", "orders", "archive")
                .feature("billing"))).containsExactlyInAnyOrder(
                "web may use archive, which is not a declared feature",
                "feature billing has no classes in " + FIXTURES + "good");
    }

    @Test
    void aStandAloneFeatureUsesNoOtherFeature() {
        assertThat(fixture("good").standAlone("orders").violations()).isEmpty();

        assertThat(offenders(Rule.FEATURE_DIRECTIONS, fixture("good").standAlone("web")))
                .containsExactly("web.OrdersController");
    }

    @Test
    void controllersThatUseTheStoreFail() {
        ServiceArchitecture controllers = fixture("controllers");

        assertThat(offenders(Rule.CONTROLLERS_CALL_THEIR_FEATURE, controllers)).containsExactly(
                "web.PageController", "web.RepositoryController", "web.TemplateController");
        assertThat(of(Rule.CONTROLLERS_CALL_THEIR_FEATURE, controllers)).anyMatch(v -> v.startsWith(
                "web.TemplateController uses org.springframework.data.mongodb.core.MongoTemplate"))
                .anyMatch(v -> v.startsWith("web.PageController uses com.mongodb.client.MongoCollection"))
                .anyMatch(v -> v.startsWith("web.RepositoryController uses notes.Notes"));
    }

    @Test
    void producersAndOutboxEntriesOutsideTheKitFail() {
        ServiceArchitecture producers = fixture("producers");

        assertThat(offenders(Rule.ONLY_THE_KIT_PRODUCES, producers)).containsExactly(
                "messaging.DirectPublisher", "messaging.HandMadeRecord", "messaging.OwnProducer",
                "messaging.RawOutbox", "messaging.TemplateSender");
        assertThat(of(Rule.ONLY_THE_KIT_PRODUCES, producers))
                .anyMatch(v -> v.startsWith("messaging.RawOutbox writes an outbox entry itself (OutboxRelay.toDocument)"))
                .anyMatch(v -> v.startsWith("messaging.OwnProducer uses org.apache.kafka.clients.producer.KafkaProducer"))
                .anyMatch(v -> v.startsWith("messaging.TemplateSender uses org.springframework.kafka.core.KafkaTemplate"));
    }

    @Test
    void aNamedExceptionWaivesTheRuleForThatClassOnly() {
        ServiceArchitecture producers = fixture("producers")
                .except(Rule.ONLY_THE_KIT_PRODUCES, "messaging.OwnProducer", "its own batching producer");

        assertThat(offenders(Rule.ONLY_THE_KIT_PRODUCES, producers)).containsExactly(
                "messaging.DirectPublisher", "messaging.HandMadeRecord", "messaging.RawOutbox",
                "messaging.TemplateSender");
        assertThatThrownBy(producers::verify).hasMessageEndingWith("Named exceptions:\n - messaging.OwnProducer ("
                + Rule.ONLY_THE_KIT_PRODUCES.description() + "): its own batching producer");
    }

    @Test
    void anExceptionThatMatchesNothingFails() {
        assertThat(fixture("good").except(Rule.CONTROLLERS_CALL_THEIR_FEATURE, "web.OrdersController", "legacy")
                .violations()).containsExactly(Rule.CONTROLLERS_CALL_THEIR_FEATURE.description()
                + ": the exception for web.OrdersController matches nothing any more: remove it");
    }

    @Test
    void exceptionsAreNamedWithAReasonAndOnlyWhereARuleTakesThem() {
        ServiceArchitecture good = fixture("good");

        assertThatThrownBy(() -> good.except(Rule.ONLY_THE_KIT_PRODUCES, "orders.Orders", " "))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> good.except(Rule.FEATURE_CYCLES, "orders.Orders", "just this once"))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> good.except(Rule.WIRE_NAMES_FROM_CONTRACTS, "orders.Orders", "just this once"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("exceptLiteral");
    }

    @Test
    void aRuleLeftOutWithItsReasonIsNotChecked() {
        assertThat(fixture("producers").without(Rule.ONLY_THE_KIT_PRODUCES, "the kit is where producers live")
                .violations()).isEmpty();
    }

    @Test
    void wireNamesSpelledInTheSourcesFail() {
        List<String> literals = of(Rule.WIRE_NAMES_FROM_CONTRACTS, fixture("literals"));

        assertThat(literals).allMatch(v -> v.startsWith("Wire.java:")).hasSize(9)
                .contains("Wire.java:5 spells the channel name \"zalo\"; name it through vn.govcomm.contracts"
                        + " (Channels, EventTypes, Contracts)");
        assertThat(literals).anyMatch(v -> v.contains("spells the topic \"campaign.events\""))
                .anyMatch(v -> v.contains("spells the topic \"directory.agencies.DLT\""))
                .anyMatch(v -> v.contains("spells the topic \"${govcomm.topic:notification.events}\""))
                .anyMatch(v -> v.contains("spells the topic \"delivery.status.\""))
                .anyMatch(v -> v.contains("spells the event type \"vn.govcomm.campaign.approved.v1\""))
                .anyMatch(v -> v.contains("spells the event type \"vn.govcomm.delivery.\""))
                .anyMatch(v -> v.contains("spells the contracts schema URL \"https://govcomm.vn/contracts/"))
                .anyMatch(v -> v.startsWith("Wire.java:17 spells the channel name \""));
    }

    @Test
    void aLiteralExceptionNamesTheTypeAndTheLiteral() {
        List<String> literals = of(Rule.WIRE_NAMES_FROM_CONTRACTS, fixture("literals")
                .exceptLiteral("Wire", "zalo", "a stored field named after the channel"));

        assertThat(literals).hasSize(8).noneMatch(v -> v.contains("\"zalo\""));
    }

    @Test
    void aPackageWithoutClassesFailsInsteadOfPassingEmpty() {
        ServiceArchitecture none = ServiceArchitecture.of("vn.govcomm.nothing",
                new ClassFileImporter().importPackages("vn.govcomm.nothing"), Path.of("src/test/java"));

        assertThat(none.violations()).containsExactly("no classes of vn.govcomm.nothing found");
    }
}
