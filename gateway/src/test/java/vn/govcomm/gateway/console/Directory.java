package vn.govcomm.gateway.console;

/** A canned agency directory ({@code GET /api/agencies}) for the console tests' fake campaign services. */
final class Directory {

    static final String AGENCIES = """
            [{"agencyId":"so-noi-vu","name":"Sở Nội vụ tỉnh Khánh Hòa","shortName":"Sở Nội vụ",
              "endpoints":[{"endpointId":"so-noi-vu.portal","channel":"portal","displayName":"Cổng/Trang TTĐT Sở Nội vụ"}]},
             {"agencyId":"so-y-te","name":"Sở Y tế tỉnh Khánh Hòa","shortName":"Sở Y tế",
              "endpoints":[{"endpointId":"so-y-te.portal","channel":"portal","displayName":"Cổng/Trang TTĐT Sở Y tế"},
                           {"endpointId":"so-y-te.facebook","channel":"facebook","displayName":"Fanpage Sở Y tế"},
                           {"endpointId":"so-y-te.one-stop-board","channel":"manual","displayName":"Bảng tin Bộ phận Một cửa"}]},
             {"agencyId":"so-khoa-hoc-cong-nghe","name":"Sở Khoa học và Công nghệ tỉnh Khánh Hòa","shortName":"Sở Khoa học và Công nghệ"},
             {"agencyId":"ubnd-ninh-hoa","name":"Ủy ban nhân dân thị xã Ninh Hòa","shortName":"UBND TX Ninh Hòa"}]""";

    private Directory() {
    }
}
