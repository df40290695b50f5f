package vn.govcomm.campaign;

import org.bson.Document;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.springframework.http.MediaType;
import org.springframework.mock.web.MockHttpServletResponse;
import org.springframework.test.web.servlet.request.MockHttpServletRequestBuilder;
import tools.jackson.databind.JsonNode;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.delete;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.put;

/**
 * {@code allowedActions} on every template answer (issue 20: the console's template library offers what the service
 * allows instead of copying its rules), per caller and per kind of template (the agency's own, or shared province-wide).
 * Each cell also takes every one of the four actions on a fresh template of that kind and checks that exactly the listed
 * ones succeed: the list and the enforcement cannot drift apart.
 */
class TemplateAllowedActionsIntegrationTests extends CampaignServiceTestSupport {

    static final String A = "so-y-te";
    static final String B = "so-tai-chinh";
    /** Writes the templates the cells act on: an officer of A who is nobody in the table. */
    static final User AUTHOR = new User("tac.gia.mau.hanh.dong", "officer", A);
    static final List<String> ACTIONS = List.of("use", "edit", "delete", "share");
    static final List<String> UNREADABLE = List.of("404");

    enum Who {
        OFFICER_A(new User("can.bo.mau.hd.a", "officer", A)),
        APPROVER_A(new User("phe.duyet.mau.hd.a", "approver", A)),
        VIEWER_A(new User("xem.mau.hd.a", "viewer", A)),
        ADMIN_A(new User("quan.tri.mau.hd.a", "admin", A)),
        OFFICER_B(new User("can.bo.mau.hd.b", "officer", B)),
        VIEWER_B(new User("xem.mau.hd.b", "viewer", B)),
        ADMIN_B(new User("quan.tri.mau.hd.b", "admin", B)),
        PROVINCE_VIEWER(new User("giam.sat.mau.hd", "viewer", "so-noi-vu"));

        final User user;

        Who(User user) {
            this.user = user;
        }
    }

    enum Kind { OWN, SHARED }

    /** The README's rules per kind and caller; {@link #UNREADABLE}: the template answers 404 (not revealed). */
    static final Map<Kind, Map<Who, List<String>>> EXPECTED = Map.of(
            Kind.OWN, Map.of(Who.OFFICER_A, List.of("use", "edit", "delete"), Who.ADMIN_A, List.of("share"),
                    Who.OFFICER_B, UNREADABLE, Who.VIEWER_B, UNREADABLE, Who.ADMIN_B, List.of("share"),
                    Who.PROVINCE_VIEWER, UNREADABLE),
            Kind.SHARED, Map.of(Who.OFFICER_A, List.of("use", "edit", "delete"), Who.ADMIN_A, List.of("share"),
                    Who.OFFICER_B, List.of("use"), Who.ADMIN_B, List.of("share")));

    static Stream<Arguments> cells() {
        List<Arguments> cells = new ArrayList<>();
        for (Kind kind : Kind.values()) {
            for (Who who : Who.values()) {
                cells.add(Arguments.of(kind, who, EXPECTED.get(kind).getOrDefault(who, List.of())));
            }
        }
        return cells.stream();
    }

    @ParameterizedTest(name = "{0} template as {1} → {2}")
    @MethodSource("cells")
    void listsExactlyTheActionsTheServiceAllows(Kind kind, Who who, List<String> expected) throws Exception {
        String id = template(kind);
        MockHttpServletResponse read = send(who.user.on(get("/api/templates/{id}", id)));
        List<String> ids = parse(send(who.user.on(get("/api/templates"))).getContentAsString()).valueStream()
                .map(t -> t.path("id").asString()).toList();
        if (expected == UNREADABLE) {
            assertThat(read.getStatus()).isEqualTo(404);
            assertThat(ids).doesNotContain(id);
        } else {
            assertThat(read.getStatus()).isEqualTo(200);
            JsonNode answer = parse(read.getContentAsString());
            assertThat(answer.path("id").asString()).isEqualTo(id);
            assertThat(answer.path("name").asString()).as("the template's own fields stay where they were")
                    .isEqualTo("Mẫu " + kind);
            assertThat(actions(answer)).isEqualTo(expected);
            JsonNode listed = parse(send(who.user.on(get("/api/templates"))).getContentAsString()).valueStream()
                    .filter(t -> t.path("id").asString().equals(id)).findFirst().orElseThrow();
            assertThat(actions(listed)).isEqualTo(expected);
        }

        for (String action : ACTIONS) {
            String fresh = template(kind);
            MockHttpServletResponse taken = send(who.user.on(take(action, fresh)));
            assertThat(taken.getStatus() / 100 == 2).as(action + " answered " + taken.getStatus() + " "
                    + taken.getContentAsString()).isEqualTo(expected.contains(action));
        }
    }

    @Test
    void everyAnswerWithATemplateCarriesTheCallersActionsAndNoneIsStored() throws Exception {
        User officer = Who.OFFICER_A.user;
        JsonNode created = parse(send(officer.on(post("/api/templates")).contentType(MediaType.APPLICATION_JSON)
                .content(body("Mẫu mới"))).getContentAsString());
        assertThat(actions(created)).containsExactly("use", "edit", "delete");
        String id = created.path("id").asString();
        JsonNode replaced = parse(send(officer.on(put("/api/templates/{id}", id)).contentType(MediaType.APPLICATION_JSON)
                .content(body("Mẫu đã sửa"))).getContentAsString());
        assertThat(actions(replaced)).containsExactly("use", "edit", "delete");
        JsonNode shared = parse(send(ADMIN.on(put("/api/templates/{id}/shared", id)).contentType(MediaType.APPLICATION_JSON)
                .content("{\"shared\": true}")).getContentAsString());
        assertThat(actions(shared)).containsExactly("share");
        assertThat(mongo.getCollection("templates").find(new Document("_id", id)).first())
                .doesNotContainKey("allowedActions").doesNotContainKey("template");
    }

    private List<String> actions(JsonNode template) {
        assertThat(template.path("allowedActions").isArray()).as(template.toString()).isTrue();
        return template.path("allowedActions").valueStream().map(JsonNode::asString).toList();
    }

    private String template(Kind kind) throws Exception {
        MockHttpServletResponse made = send(AUTHOR.on(post("/api/templates")).contentType(MediaType.APPLICATION_JSON)
                .content(body("Mẫu " + kind)));
        assertThat(made.getStatus()).as(made.getContentAsString()).isEqualTo(201);
        String id = parse(made.getContentAsString()).path("id").asString();
        if (kind == Kind.SHARED) {
            assertThat(send(ADMIN.on(put("/api/templates/{id}/shared", id)).contentType(MediaType.APPLICATION_JSON)
                    .content("{\"shared\": true}")).getStatus()).isEqualTo(200);
        }
        return id;
    }

    private static MockHttpServletRequestBuilder take(String action, String id) {
        return switch (action) {
            case "use" -> post("/api/templates/{id}/campaigns", id).contentType(MediaType.APPLICATION_JSON)
                    .content("{\"startDate\": \"2031-04-01\"}");
            case "edit" -> put("/api/templates/{id}", id).contentType(MediaType.APPLICATION_JSON).content(body("Mẫu đã sửa"));
            case "delete" -> delete("/api/templates/{id}", id);
            case "share" -> put("/api/templates/{id}/shared", id).contentType(MediaType.APPLICATION_JSON)
                    .content("{\"shared\": true}");
            default -> throw new IllegalArgumentException(action);
        };
    }

    private MockHttpServletResponse send(MockHttpServletRequestBuilder request) throws Exception {
        return mvc.perform(request).andReturn().getResponse();
    }

    private static String body(String name) {
        return """
                {"name": "%s", "code": "SYT-HD",
                 "notice": {"title": "Tuyên truyền phòng chống dịch năm {year}", "bodyHtml": "<p>Nội dung</p>"},
                 "targets": [{"agencyId": "ubnd-nha-trang", "channels": ["portal"]}],
                 "schedule": {"windowDays": 14}}
                """.formatted(name);
    }
}
