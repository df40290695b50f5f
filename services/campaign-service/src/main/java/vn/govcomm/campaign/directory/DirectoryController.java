package vn.govcomm.campaign.directory;

import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import vn.govcomm.kit.web.ApiProblem;

import java.util.List;

@RestController
@RequestMapping("/api/agencies")
class DirectoryController {

    private final AgencyDirectory directory;

    DirectoryController(AgencyDirectory directory) {
        this.directory = directory;
    }

    @GetMapping
    List<Agency> list(@RequestParam(required = false) String group) {
        return group == null ? directory.all() : directory.inGroup(group);
    }

    @GetMapping("/{agencyId}")
    Agency get(@PathVariable String agencyId) {
        return directory.find(agencyId).orElseThrow(() -> new ApiProblem(HttpStatus.NOT_FOUND, "agency-not-found",
                "Không tìm thấy cơ quan " + agencyId + ". / Agency " + agencyId + " not found."));
    }
}
