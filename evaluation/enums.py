from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class Level(models.TextChoices):
    COMMUNE = "commune", pgettext_lazy("evaluation level", "Cấp xã")
    DISTRICT = "district", pgettext_lazy("evaluation level", "Cấp huyện")
    PROVINCE = "province", pgettext_lazy("evaluation level", "Cấp tỉnh")
    CENTRAL = "central", pgettext_lazy("evaluation level", "Cấp trung ương")


class SheetState(models.TextChoices):
    DRAFT = "draft", _("Bản nháp")
    PUBLISHED = "published", _("Đã ban hành")
    RETIRED = "retired", _("Ngừng sử dụng")


class RoundState(models.TextChoices):
    PLANNED = "planned", _("Dự kiến")
    OPEN = "open", _("Đang mở")
    CLOSED = "closed", _("Đã đóng")


class DossierKind(models.TextChoices):
    NEW = "new", _("Đánh giá mới")
    REEVALUATION = "reevaluation", _("Đánh giá lại")
    UPGRADE = "upgrade", _("Nâng hạng")


class DossierState(models.TextChoices):
    DRAFT = "draft", _("Đang soạn")
    SUBMITTED = "submitted", _("Đã nộp")
    RETURNED = "returned", _("Trả lại để bổ sung")
    ACCEPTED = "accepted", _("Đã tiếp nhận")
    IN_SCORING = "in_scoring", _("Hội đồng đang chấm")
    SCORED = "scored", _("Đã có kết quả chấm")
    FORWARDED = "forwarded", _("Đã chuyển cấp trên")
    DECIDED = "decided", _("Đã có quyết định")
    WITHDRAWN = "withdrawn", _("Đã rút")

    @classmethod
    def open_states(cls):
        return [s for s in cls if s not in (cls.DECIDED, cls.WITHDRAWN)]

    @classmethod
    def editable_states(cls):
        return [cls.DRAFT, cls.RETURNED]


class EvidenceType(models.TextChoices):
    REGISTRATION_FORM = "registration_form", _("Phiếu đăng ký")
    BUSINESS_REGISTRATION = "business_registration", _("Giấy đăng ký kinh doanh")
    FOOD_SAFETY = "food_safety", _("Giấy chứng nhận cơ sở đủ điều kiện ATTP")
    QUALITY_DECLARATION = "quality_declaration", _("Bản công bố chất lượng")
    LAB_TEST = "lab_test", _("Phiếu kết quả kiểm nghiệm")
    TRADEMARK = "trademark", _("Giấy chứng nhận nhãn hiệu")
    TRACEABILITY = "traceability", _("Tem truy xuất nguồn gốc")
    CERTIFICATION = "certification", _("Chứng nhận VietGAP/ISO/HACCP")
    DISTRIBUTION = "distribution", _("Hợp đồng phân phối, tiêu thụ")
    PRODUCT_STORY = "product_story", _("Câu chuyện sản phẩm")
    PHOTOS = "photos", _("Hình ảnh sản phẩm")
    OTHER = "other", _("Tài liệu khác")


class MemberRole(models.TextChoices):
    CHAIR = "chair", _("Chủ tịch Hội đồng")
    VICE_CHAIR = "vice_chair", _("Phó Chủ tịch Hội đồng")
    MEMBER = "member", _("Thành viên")
    SECRETARY = "secretary", _("Thư ký")


class AssignmentState(models.TextChoices):
    SCORING = "scoring", _("Đang chấm")
    RECONCILIATION = "reconciliation", _("Đang thống nhất lại điểm")
    CLOSED = "closed", _("Đã kết thúc")


class ScorecardState(models.TextChoices):
    DRAFT = "draft", _("Đang chấm")
    SUBMITTED = "submitted", _("Đã nộp")


class Outcome(models.TextChoices):
    RECOGNISE = "recognise", _("Công nhận tại cấp này")
    FORWARD = "forward", _("Chuyển cấp trên")
    BACK_TO_LOWER = "back_to_lower", _("Trả về cấp dưới công nhận")
    NOT_RECOGNISED = "not_recognised", _("Không công nhận")


class DecisionKind(models.TextChoices):
    RECOGNITION = "recognition", _("Công nhận kết quả đánh giá, phân hạng")
    REVOCATION = "revocation", _("Thu hồi giấy chứng nhận")


class CertificateStatus(models.TextChoices):
    VALID = "valid", _("Còn hiệu lực")
    EXPIRING = "expiring", _("Sắp hết hạn")
    EXPIRED = "expired", _("Hết hạn")
    SUPERSEDED = "superseded", _("Đã được thay thế")
    REVOKED = "revoked", _("Đã thu hồi")
    # QĐ 26/2026 Art. 12.3: valid past expiry until the re-evaluation result, at most 180 days
    EXTENDED = "extended", _("Gia hạn chờ kết quả đánh giá lại")

    @classmethod
    def in_force(cls):
        return [cls.VALID, cls.EXPIRING, cls.EXTENDED]


class RevocationGround(models.TextChoices):
    NOT_REEVALUATED = "not_reevaluated", _("Không đánh giá lại đúng hạn")
    FAILS_MANDATORY = "fails_mandatory", _("Không đạt tiêu chí bắt buộc khi đánh giá lại")
    QUALITY = "quality", _("Sản xuất không đúng chất lượng, quy trình đã được công nhận")
    FOOD_SAFETY = "food_safety", _("Vi phạm an toàn thực phẩm")
    PRODUCTION_STOPPED = "production_stopped", _("Ngừng sản xuất")
    SERVICE_STOPPED = "service_stopped", _("Không còn cung cấp dịch vụ")
    # QĐ 26/2026 Art. 8 (which grounds apply is the framework's data, frameworks.json)
    ART8_A = "art8_a", _("Cung cấp thông tin không trung thực hoặc giả mạo hồ sơ (Điều 8 điểm a)")
    ART8_B = "art8_b", _("Không còn đáp ứng tiêu chí theo kết luận kiểm tra (Điều 8 điểm b)")
    ART8_C = "art8_c", _("Vi phạm quy định chất lượng, ATTP, môi trường, SHTT, ghi nhãn… theo kết luận (Điều 8 điểm c)")
    ART8_D = "art8_d", _("Sử dụng biểu trưng OCOP không đúng quy định (Điều 8 điểm d)")
    ART8_DD = "art8_dd", _("Ngừng sản xuất, kinh doanh sản phẩm, được UBND cấp xã xác nhận (Điều 8 điểm đ)")
    ART8_E = "art8_e", _("Trường hợp khác theo kết luận của cơ quan có thẩm quyền (Điều 8 điểm e)")


class NoticeKind(models.TextChoices):
    DAYS_90 = "90", _("90 ngày trước khi hết hạn")
    DAYS_30 = "30", _("30 ngày trước khi hết hạn")
    # QĐ 26/2026: before the re-evaluation window opens and before it closes (framework data)
    WINDOW_OPENS = "opens", _("Trước khi mở nộp hồ sơ đánh giá lại")
    WINDOW_CLOSES = "closes", _("Trước khi hết hạn nộp hồ sơ đánh giá lại")
    EXPIRED = "expired", _("Đã hết hạn")


class JobKind(models.TextChoices):
    FAIRNESS_YEAR = "fairness_year", _("Bảng thống kê thành viên Hội đồng theo năm")
    COUNCIL_PACK = "council_pack", _("Bộ hồ sơ cho phiên họp Hội đồng")
    DOSSIER_BUNDLE = "dossier_bundle", _("Bộ hồ sơ đầy đủ cho thanh tra, Bộ")
    MINISTRY_PACKAGE = "ministry_package", _("Hồ sơ đề nghị Bộ công nhận 5 sao (Điều 6 khoản 3)")


class JobState(models.TextChoices):
    QUEUED = "queued", _("Đang chờ")
    RUNNING = "running", _("Đang chạy")
    DONE = "done", _("Hoàn thành")
    FAILED = "failed", _("Lỗi")

    @classmethod
    def active_states(cls):
        return [cls.QUEUED, cls.RUNNING]


class EvidenceTopic(models.IntegerChoices):
    """The 15 topics of form 02's evidence table (QĐ 26/2026 Annex III, Mẫu số 02, Phần III)."""

    BUSINESS_REGISTRATION = 1, _("Giấy đăng ký kinh doanh")
    PRODUCTION_CONDITIONS = 2, _("Giấy chứng nhận cơ sở đủ điều kiện sản xuất")
    RAW_MATERIALS = 3, _("Nguồn gốc nguyên liệu, vùng nguyên liệu, liên kết chuỗi")
    ENVIRONMENT = 4, _("Bảo vệ môi trường, sử dụng công nghệ theo hướng bền vững")
    LOCAL_LABOUR = 5, _("Sử dụng lao động địa phương")
    GROWTH = 6, _("Tăng trưởng sản xuất kinh doanh")
    INTELLECTUAL_PROPERTY = 7, _("Sở hữu trí tuệ")
    MARKETS = 8, _("Phát triển thị trường, hoạt động quảng bá, xúc tiến thương mại")
    PROMOTION = 9, _("Quảng bá sản phẩm")
    PRODUCT_STORY = 10, _("Câu chuyện về sản phẩm")
    QUALITY_DECLARATION = 11, _("Công bố chất lượng sản phẩm")
    LAB_TESTS = 12, _("Phiếu kết quả kiểm nghiệm chỉ tiêu chất lượng, an toàn thực phẩm theo tiêu chuẩn công bố")
    TRACEABILITY = 13, _("Mã số mã vạch, tem truy xuất nguồn gốc")
    QUALITY_SYSTEM = 14, _("Hệ thống quản lý chất lượng tiên tiến, kiểm soát chất lượng")
    AWARDS = 15, _("Giải thưởng của sản phẩm, bình chọn của các tổ chức uy tín trong nước và quốc tế")


class AdvisoryKind(models.TextChoices):
    """What the province's advisory team (tổ tư vấn, tổ giúp việc) records on a dossier (QĐ 26/2026
    Art. 7.3)."""

    REVIEW = "review", _("Nhận xét, rà soát hồ sơ")
    SITE_VISIT = "site_visit", _("Khảo sát thực tế")
    TEST_REQUEST = "test_request", _("Đề nghị kiểm nghiệm bổ sung")
    TEST_RESULT = "test_result", _("Kết quả kiểm nghiệm bổ sung")
    REPORT = "report", _("Báo cáo đánh giá gửi Chủ tịch Hội đồng")


class MinistryOutcome(models.TextChoices):
    GRANTED = "granted", _("Bộ công nhận 5 sao")
    NOT_GRANTED = "not_granted", _("Bộ không công nhận 5 sao")
