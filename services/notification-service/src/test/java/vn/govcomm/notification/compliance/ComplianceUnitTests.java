package vn.govcomm.notification.compliance;

import org.junit.jupiter.api.Test;
import vn.govcomm.kit.delivery.DeliveryStatus;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class ComplianceUnitTests {

    static Compliance.Delivery d(String agency, String channel, DeliveryStatus status) {
        return new Compliance.Delivery(agency, channel, status);
    }

    @Test
    void anAgencyHasCompliedWhenEveryRequiredChannelHasAnAchievedDelivery() {
        Map<String, List<String>> targets = new LinkedHashMap<>();
        targets.put("a", List.of("portal", "led"));
        targets.put("b", List.of("portal", "led"));

        List<Compliance.Missing> missing = Compliance.nonCompliant(targets, List.of(
                d("a", "portal", DeliveryStatus.FETCHED), d("a", "led", DeliveryStatus.DISPLAYED),
                d("b", "portal", DeliveryStatus.PUBLISHED), d("b", "led", DeliveryStatus.ACCEPTED)));

        assertThat(missing).containsExactly(new Compliance.Missing("b", List.of("led")));
    }

    @Test
    void aChannelWithoutAnyDeliveryIsMissingAndChannelsComeInTheContractsOrder() {
        Map<String, List<String>> targets = Map.of("a", List.of("email", "manual", "portal", "zalo"));

        assertThat(Compliance.nonCompliant(targets, List.of())).containsExactly(
                new Compliance.Missing("a", List.of("portal", "zalo", "manual", "email")));
    }

    @Test
    void aCancelledDeliveryNeedsNothingButAnotherOpenOneOnTheSameChannelDoes() {
        Map<String, List<String>> targets = new LinkedHashMap<>();
        targets.put("a", List.of("led"));
        targets.put("b", List.of("led"));

        List<Compliance.Missing> missing = Compliance.nonCompliant(targets, List.of(
                d("a", "led", DeliveryStatus.CANCELLED),
                d("b", "led", DeliveryStatus.CANCELLED), d("b", "led", DeliveryStatus.FAILED)));

        assertThat(missing).containsExactly(new Compliance.Missing("b", List.of("led")));
    }

    @Test
    void oneAchievedDeliveryOfSeveralOnAChannelIsEnough() {
        assertThat(Compliance.nonCompliant(Map.of("a", List.of("led")), List.of(
                d("a", "led", DeliveryStatus.EXPIRED), d("a", "led", DeliveryStatus.DISPLAYED)))).isEmpty();
    }

    @Test
    void deliveriesOfChannelsOrAgenciesNotRequiredChangeNothing() {
        assertThat(Compliance.nonCompliant(Map.of("a", List.of("portal")), List.of(
                d("a", "facebook", DeliveryStatus.PUBLISHED), d("z", "portal", DeliveryStatus.PUBLISHED))))
                .containsExactly(new Compliance.Missing("a", List.of("portal")));
    }
}
