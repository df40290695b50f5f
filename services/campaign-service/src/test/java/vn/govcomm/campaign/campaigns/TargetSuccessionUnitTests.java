package vn.govcomm.campaign.campaigns;

import org.junit.jupiter.api.Test;
import vn.govcomm.campaign.directory.Agency;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class TargetSuccessionUnitTests {

    static Campaign.Target agency(String id, String... channels) {
        return Campaign.Target.agency(id, List.of(channels));
    }

    @Test
    void thePredecessorsTargetNamesTheSuccessorInItsPlace() {
        List<Campaign.Target> targets = List.of(agency("so-y-te", "portal"), agency("cu", "zalo", "portal"),
                new Campaign.Target(null, "ubnd-cap-xa", null, List.of("portal")));
        assertThat(TargetSuccession.retarget(targets, "cu", "moi")).containsExactly(agency("so-y-te", "portal"),
                agency("moi", "portal", "zalo"), new Campaign.Target(null, "ubnd-cap-xa", null, List.of("portal")));
    }

    @Test
    void aSuccessorTargetedAlreadyBecomesOneTargetWithTheChannelsOfBoth() {
        List<Campaign.Target> targets = List.of(agency("moi", "led"), agency("so-y-te", "portal"), agency("cu", "portal"),
                agency("cu", "email"));
        assertThat(TargetSuccession.retarget(targets, "cu", "moi"))
                .containsExactly(agency("moi", "portal", "led", "email"), agency("so-y-te", "portal"));
    }

    @Test
    void targetsWithoutThePredecessorAreLeftAsTheyAre() {
        List<Campaign.Target> targets = List.of(agency("moi", "led"), agency("so-y-te", "portal"));
        assertThat(TargetSuccession.retarget(targets, "cu", "moi")).isSameAs(targets);
    }

    @Test
    void namesTheChannelsTheSuccessorCannotReceive() {
        Agency successor = new Agency("moi", "Phường mới", null, "COMMUNE_PEOPLES_COMMITTEE", null, List.of(), null, true,
                List.of(new Agency.Endpoint("moi.portal", "portal", null, "portal-moi", null)), 1, null, null, null, "khanh-hoa", false);
        assertThat(TargetSuccession.missingChannels(List.of(agency("moi", "portal", "led", "zalo"), agency("khac", "email")),
                successor)).containsExactly("led", "zalo");
    }
}
