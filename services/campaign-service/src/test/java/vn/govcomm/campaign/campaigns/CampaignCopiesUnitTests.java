package vn.govcomm.campaign.campaigns;

import org.junit.jupiter.api.Test;

import java.time.LocalDate;

import static org.assertj.core.api.Assertions.assertThat;

class CampaignCopiesUnitTests {

    @Test
    void theYearsOfTheCodeMoveWithTheWindow() {
        assertThat(CampaignCopies.code("SNV-CCHC-2023-09", 1, LocalDate.of(2031, 9, 1))).isEqualTo("SNV-CCHC-2024-09");
        assertThat(CampaignCopies.code("KS-2021-2022", 2, LocalDate.of(2031, 9, 1))).isEqualTo("KS-2023-2024");
        assertThat(CampaignCopies.code("SNV-12345", 1, LocalDate.of(2031, 9, 1)))
                .as("not a year: five digits").isEqualTo("SNV-12345-2031");
    }

    @Test
    void aCodeWithoutAYearOrACopyWithinTheYearGetsTheStartYearAppendedWithinEightyCharacters() {
        assertThat(CampaignCopies.code("SNV-KSHL", 1, LocalDate.of(2027, 9, 1))).isEqualTo("SNV-KSHL-2027");
        assertThat(CampaignCopies.code("SNV-KS-2027", 0, LocalDate.of(2027, 10, 1))).isEqualTo("SNV-KS-2027-2027");
        String copied = CampaignCopies.code("X".repeat(80), 1, LocalDate.of(2027, 9, 1));
        assertThat(copied).hasSize(80).endsWith("-2027");
    }

    @Test
    void theDefaultMoveIsTheFewestWholeYearsThatStartTodayOrLater() {
        LocalDate today = LocalDate.of(2026, 12, 5);
        assertThat(CampaignCopies.yearsUntil(LocalDate.of(2025, 12, 13), today)).isEqualTo(1);
        assertThat(CampaignCopies.yearsUntil(LocalDate.of(2025, 12, 4), today)).isEqualTo(2);
        assertThat(CampaignCopies.yearsUntil(LocalDate.of(2021, 12, 13), today)).isEqualTo(5);
        assertThat(CampaignCopies.yearsUntil(LocalDate.of(2030, 9, 1), today)).isEqualTo(1);
    }
}
