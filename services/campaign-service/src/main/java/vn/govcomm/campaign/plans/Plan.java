package vn.govcomm.campaign.plans;

import org.springframework.data.annotation.Id;
import org.springframework.data.mongodb.core.mapping.Document;
import vn.govcomm.identity.Caller;

import java.time.Instant;
import java.time.LocalDate;
import java.util.List;

/**
 * A yearly communication plan (kế hoạch tuyên truyền), e.g. Decision 244/QĐ-UBND of 24/01/2025: who issued it, on
 * which legal basis, and its tasks (the appendix table). One document, tasks embedded; {@code version} is the ETag.
 */
@Document(PlanManagement.COLLECTION)
public record Plan(@Id String id, long version, int year, String issuingAgencyId, String title, LegalBasis legalBasis,
                   List<PlanTask> tasks, String updatedBy, Instant updatedAt) {

    /** The document that issued the plan: number, date, issuer (e.g. 244/QĐ-UBND, 24/01/2025, UBND tỉnh). */
    public record LegalBasis(String number, LocalDate date, String issuer, String title) {
    }

    /**
     * One row of the appendix. The lead and co-ordinating agencies are directory ids where the directory has them;
     * what it does not have (Tỉnh đoàn, "Các cơ quan, đơn vị, địa phương", …) stays in words in the
     * {@code …Name(s)} fields. {@code assignment} is the column "Phân công và cách thức thực hiện" as written.
     */
    public record PlanTask(String id, int number, String title, List<String> expectedProducts, Schedule schedule,
                           String leadAgencyId, String leadAgencyName, List<String> coordinatingAgencyIds,
                           List<String> coordinatingAgencyNames, String assignment, List<String> channels,
                           String funding) {

        boolean involves(String agencyId) {
            return agencyId != null && (agencyId.equals(leadAgencyId) || coordinatingAgencyIds.contains(agencyId));
        }
    }

    /**
     * When a task is done: the kind, the months of the plan's year it covers (1–12, ascending) and the original words
     * ("Quý I/2025"). DATE_RANGE also has {@code from}/{@code to}; OTHER follows another schedule ("Theo tiến độ Đề án")
     * and covers the whole year.
     */
    public record Schedule(ScheduleKind kind, List<Integer> months, LocalDate from, LocalDate to, String words) {
    }

    public enum ScheduleKind { MONTH, QUARTER, YEAR_ROUND, DATE_RANGE, OTHER }

    /**
     * Users of the issuing, a lead or a co-ordinating agency (with any platform role); and who reads the issuing agency's
     * things across agencies ({@code readsIssuer}: admins, province-wide viewers of its province).
     */
    boolean readableBy(Caller caller, boolean readsIssuer) {
        if (readsIssuer) {
            return true;
        }
        String agency = caller.agencyId();
        if (agency == null || caller.roles().isEmpty()) {
            return false;
        }
        return agency.equals(issuingAgencyId) || tasks.stream().anyMatch(t -> t.involves(agency));
    }
}
