package vn.govcomm.campaign.directory;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The 34 provincial-level units after the reorganisation of 1 July 2025 (Resolution 202/2025/QH15 of the National
 * Assembly, 12 June 2025, on the arrangement of provincial-level administrative units: 28 provinces and 6
 * centrally-run cities; local government in two tiers, province and commune/ward). The one list of province codes the
 * directory accepts ({@code provinceId}); the codes are the names without diacritics, lower case, joined by '-'.
 */
public final class Provinces {

    /** Code → name, in the order of the Resolution's articles (the 11 units kept as they were, then the 23 merged). */
    public static final Map<String, String> ALL = names(
            "ha-noi", "Thành phố Hà Nội",
            "hue", "Thành phố Huế",
            "lai-chau", "Tỉnh Lai Châu",
            "dien-bien", "Tỉnh Điện Biên",
            "son-la", "Tỉnh Sơn La",
            "lang-son", "Tỉnh Lạng Sơn",
            "quang-ninh", "Tỉnh Quảng Ninh",
            "thanh-hoa", "Tỉnh Thanh Hóa",
            "nghe-an", "Tỉnh Nghệ An",
            "ha-tinh", "Tỉnh Hà Tĩnh",
            "cao-bang", "Tỉnh Cao Bằng",
            "tuyen-quang", "Tỉnh Tuyên Quang",      // Hà Giang + Tuyên Quang
            "lao-cai", "Tỉnh Lào Cai",              // Yên Bái + Lào Cai
            "thai-nguyen", "Tỉnh Thái Nguyên",      // Bắc Kạn + Thái Nguyên
            "phu-tho", "Tỉnh Phú Thọ",              // Vĩnh Phúc + Hòa Bình + Phú Thọ
            "bac-ninh", "Tỉnh Bắc Ninh",            // Bắc Giang + Bắc Ninh
            "hung-yen", "Tỉnh Hưng Yên",            // Thái Bình + Hưng Yên
            "hai-phong", "Thành phố Hải Phòng",     // Hải Dương + Hải Phòng
            "ninh-binh", "Tỉnh Ninh Bình",          // Hà Nam + Nam Định + Ninh Bình
            "quang-tri", "Tỉnh Quảng Trị",          // Quảng Bình + Quảng Trị
            "da-nang", "Thành phố Đà Nẵng",         // Quảng Nam + Đà Nẵng
            "quang-ngai", "Tỉnh Quảng Ngãi",        // Kon Tum + Quảng Ngãi
            "gia-lai", "Tỉnh Gia Lai",              // Gia Lai + Bình Định
            "khanh-hoa", "Tỉnh Khánh Hòa",          // Ninh Thuận + Khánh Hòa
            "lam-dong", "Tỉnh Lâm Đồng",            // Đắk Nông + Bình Thuận + Lâm Đồng
            "dak-lak", "Tỉnh Đắk Lắk",              // Phú Yên + Đắk Lắk
            "ho-chi-minh", "Thành phố Hồ Chí Minh", // Bình Dương + Bà Rịa - Vũng Tàu + Thành phố Hồ Chí Minh
            "dong-nai", "Tỉnh Đồng Nai",            // Bình Phước + Đồng Nai
            "tay-ninh", "Tỉnh Tây Ninh",            // Long An + Tây Ninh
            "can-tho", "Thành phố Cần Thơ",         // Sóc Trăng + Hậu Giang + Cần Thơ
            "vinh-long", "Tỉnh Vĩnh Long",          // Bến Tre + Trà Vinh + Vĩnh Long
            "dong-thap", "Tỉnh Đồng Tháp",          // Tiền Giang + Đồng Tháp
            "ca-mau", "Tỉnh Cà Mau",                // Bạc Liêu + Cà Mau
            "an-giang", "Tỉnh An Giang");           // Kiên Giang + An Giang

    private Provinces() {
    }

    public static boolean isKnown(String code) {
        return code != null && ALL.containsKey(code);
    }

    private static Map<String, String> names(String... codesAndNames) {
        Map<String, String> out = new LinkedHashMap<>();
        for (int i = 0; i < codesAndNames.length; i += 2) {
            out.put(codesAndNames[i], codesAndNames[i + 1]);
        }
        if (out.size() != 34) {
            throw new IllegalStateException("34 provincial-level units, not " + out.size());
        }
        return java.util.Collections.unmodifiableMap(out);
    }
}
