package vn.govcomm.campaign.succession;

import org.junit.jupiter.api.Test;
import org.springframework.http.HttpStatus;
import vn.govcomm.campaign.directory.Agency;
import vn.govcomm.campaign.directory.AgencyDirectory;
import vn.govcomm.kit.web.ApiProblem;

import java.util.List;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyLong;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.ArgumentMatchers.argThat;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.times;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

/**
 * The units under a succeeded agency when somebody changes one of them meanwhile: the version-guarded write refused
 * (412), the unit read again and moved on the next pass; always refused → 409 after the passes, the caller repeats.
 */
class ChildrenSuccessionUnitTests {

    static final Agency PREDECESSOR = agency("huyen-cu", "ubnd-tinh", 3);
    static final Agency SUCCESSOR = agency("huyen-moi", "ubnd-tinh", 1);

    static Agency agency(String id, String parentId, long version) {
        return new Agency(id, "UBND " + id, null, "DISTRICT_PEOPLES_COMMITTEE", parentId, List.of(), null, true, List.of(),
                version, null, null, null, null, null);
    }

    static ApiProblem changedMeanwhile() {
        return new ApiProblem(HttpStatus.PRECONDITION_FAILED, "version-mismatch", "changed meanwhile");
    }

    final AgencyDirectory directory = mock(AgencyDirectory.class);
    final ChildrenSuccession children = new ChildrenSuccession(directory);

    @Test
    void aUnitChangedMeanwhileIsReadAgainAndMovedOnTheNextPass() {
        Agency read = agency("xa-a", "huyen-cu", 1);
        Agency reread = agency("xa-a", "huyen-cu", 2);
        when(directory.find("ubnd-tinh")).thenReturn(Optional.of(agency("ubnd-tinh", null, 1)));
        when(directory.childrenOf("huyen-cu")).thenReturn(List.of(read), List.of(reread));
        when(directory.update(eq(read), any(), eq(1L), anyString())).thenThrow(changedMeanwhile());

        List<ChildrenSuccession.Reparented> moved = children.reparent(PREDECESSOR, SUCCESSOR, "admin", false);

        assertThat(moved).containsExactly(new ChildrenSuccession.Reparented("xa-a", "UBND xa-a", "huyen-moi"));
        verify(directory).update(eq(reread), argThat(a -> "huyen-moi".equals(a.parentId()) && a.active()), eq(2L),
                eq("admin"));
    }

    @Test
    void aUnitThatKeepsChangingEndsIn409AfterThePasses() {
        when(directory.childrenOf("huyen-cu")).thenReturn(List.of(agency("xa-b", "huyen-cu", 1)));
        when(directory.update(any(), any(), anyLong(), anyString())).thenThrow(changedMeanwhile());

        assertThatThrownBy(() -> children.reparent(PREDECESSOR, SUCCESSOR, "admin", false))
                .isInstanceOfSatisfying(ApiProblem.class, p -> {
                    assertThat(p.status()).isEqualTo(HttpStatus.CONFLICT);
                    assertThat(p.getMessage()).contains("huyen-cu");
                });
        verify(directory, times(ChildrenSuccession.PASSES)).update(any(), any(), anyLong(), anyString());
    }

    @Test
    void anyOtherRefusalIsNotRetried() {
        when(directory.childrenOf("huyen-cu")).thenReturn(List.of(agency("xa-c", "huyen-cu", 1)));
        when(directory.update(any(), any(), anyLong(), anyString()))
                .thenThrow(new ApiProblem(HttpStatus.BAD_REQUEST, "validation-failed", "bad"));

        assertThatThrownBy(() -> children.reparent(PREDECESSOR, SUCCESSOR, "admin", false))
                .isInstanceOfSatisfying(ApiProblem.class, p -> assertThat(p.status()).isEqualTo(HttpStatus.BAD_REQUEST));
        verify(directory, times(1)).update(any(), any(), anyLong(), anyString());
    }

    @Test
    void aDryRunListsAndWritesNothing() {
        when(directory.childrenOf("huyen-cu")).thenReturn(List.of(agency("xa-d", "huyen-cu", 1)));

        assertThat(children.reparent(PREDECESSOR, SUCCESSOR, "admin", true))
                .containsExactly(new ChildrenSuccession.Reparented("xa-d", "UBND xa-d", "huyen-moi"));
        verify(directory, never()).update(any(), any(), anyLong(), anyString());
    }
}
