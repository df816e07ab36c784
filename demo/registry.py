"""The demo province's registry: producers and products of former Bắc Giang, after the 2021 seed
report. They are registered in Bắc Giang's communes and districts (their pre-merger certificates
name them) and carried into Tỉnh Bắc Ninh's 2025 communes by the merger (load_demo).

Yên Thế and Lục Ngạn carry more products than the other districts: they had the demo's district
officers, and their communes (Xuân Lương, Tân Sơn, Chũ since 2025) have its commune officers, so
their products walk the whole evaluation path (see evaluation.py)."""

from ocop_portal.core.models import AdministrativeUnit
from products.enums import ProducerKind
from products.models import Producer, Product, ProductSet

# (district code, commune code, kind, producer, registration number, representative, products: [(name, set code)])
PRODUCERS = [
    (
        "215",
        "07243",
        ProducerKind.COOPERATIVE,
        "HTX Gà đồi Yên Thế",
        "2401000101",
        "Nguyễn Văn Tiến",
        [("Gà đồi Yên Thế", "02"), ("Trứng gà đồi Yên Thế", "02")],
    ),
    (
        "215",
        "07246",
        ProducerKind.COOPERATIVE,
        "HTX Nông sản Canh Nậu",
        "2401000102",
        "Hoàng Thị Lan",
        [
            ("Miến dong Canh Nậu", "06"),
            ("Mật ong rừng Canh Nậu", "04"),
            ("Măng khô Canh Nậu", "04"),
            ("Bánh chưng Canh Nậu", "06"),
        ],
    ),
    (
        "215",
        "07249",
        ProducerKind.HOUSEHOLD,
        "Hộ kinh doanh Trà hoa vàng Xuân Lương",
        "24H8001103",
        "Lê Văn Minh",
        [("Trà hoa vàng Xuân Lương", "12")],
    ),
    (
        "215",
        "07243",
        ProducerKind.ENTERPRISE,
        "Công ty TNHH Thực phẩm Đồi Yên",
        "2400123118",
        "Dương Văn Sơn",
        [("Chả gà đồi Yên Thế", "08"), ("Gà đồi hun khói Yên Thế", "08"), ("Giò gà đồi Yên Thế", "08")],
    ),
    (
        "215",
        "07243",
        ProducerKind.COOPERATIVE,
        "HTX Cây ăn quả Đồng Tiến",
        "2401000119",
        "Hà Văn Toàn",
        [("Cam Bố Hạ", "01"), ("Bưởi Đồng Tiến", "01")],
    ),
    (
        "215",
        "07249",
        ProducerKind.HOUSEHOLD,
        "Hộ kinh doanh Rượu men lá Xuân Lương",
        "24H8001120",
        "Hoàng Văn Pao",
        [("Rượu men lá Xuân Lương", "14")],
    ),
    (
        "215",
        "07249",
        ProducerKind.COOPERATIVE,
        "HTX Nông sản Xuân Lương",
        "2401000121",
        "Lý Thị Xuân",
        [("Gừng Yên Thế", "10"), ("Gạo nếp Xuân Lương", "03")],
    ),
    (
        "217",
        "07375",
        ProducerKind.ENTERPRISE,
        "Công ty TNHH Thực phẩm Vôi",
        "2400123104",
        "Phạm Quốc Hưng",
        [("Bánh đa Kế", "06"), ("Giò chả Lạng Giang", "08")],
    ),
    (
        "217",
        "07378",
        ProducerKind.COOPERATIVE,
        "HTX Rau an toàn Nghĩa Hòa",
        "2401000105",
        "Đỗ Thị Hằng",
        [("Rau an toàn Nghĩa Hòa", "01")],
    ),
    (
        "216",
        "07306",
        ProducerKind.COOPERATIVE,
        "HTX Nông nghiệp Nhã Nam",
        "2401000106",
        "Ngô Văn Quý",
        [("Gạo nếp cái hoa vàng Nhã Nam", "03"), ("Bún khô Nhã Nam", "06")],
    ),
    (
        "216",
        "07309",
        ProducerKind.COOPERATIVE_GROUP,
        "Tổ hợp tác Cam Tân Trung",
        "24THT00107",
        "Vũ Văn Đạt",
        [("Cam đường canh Tân Trung", "01")],
    ),
    (
        "222",
        "07759",
        ProducerKind.ENTERPRISE,
        "Công ty CP Rượu làng Vân",
        "2400123108",
        "Trịnh Văn Thắng",
        [("Rượu làng Vân", "14")],
    ),
    (
        "222",
        "07762",
        ProducerKind.COOPERATIVE,
        "HTX Bánh đa Việt Tiến",
        "2401000109",
        "Nguyễn Thị Thu",
        [("Bánh đa nem Việt Tiến", "06")],
    ),
    (
        "218",
        "07444",
        ProducerKind.COOPERATIVE,
        "HTX Nông sản Đồi Ngô",
        "2401000110",
        "Trần Văn Khải",
        [("Na dai Lục Nam", "01"), ("Dứa Lục Nam", "01")],
    ),
    (
        "218",
        "07450",
        ProducerKind.HOUSEHOLD,
        "Hộ kinh doanh Mật ong Đông Hưng",
        "24H8001111",
        "Bùi Thị Mai",
        [("Mật ong hoa vải Đông Hưng", "04")],
    ),
    (
        "219",
        "07525",
        ProducerKind.ENTERPRISE,
        "Công ty TNHH Vải thiều Lục Ngạn",
        "2400123112",
        "Lương Văn Hòa",
        [("Vải thiều Lục Ngạn", "01"), ("Vải thiều sấy khô Lục Ngạn", "07"), ("Rượu vải Lục Ngạn", "14")],
    ),
    ("219", "07528", ProducerKind.COOPERATIVE, "HTX Mỳ Chũ Cấm Sơn", "2401000113", "Giáp Văn Lợi", [("Mỳ Chũ", "06")]),
    (
        "219",
        "07531",
        ProducerKind.COOPERATIVE,
        "HTX Nông sản Tân Sơn",
        "2401000122",
        "Vi Văn Thành",
        [("Vải thiều Tân Sơn", "01"), ("Nước cốt vải Tân Sơn", "17"), ("Mật ong hoa vải Tân Sơn", "04")],
    ),
    (
        "220",
        "07615",
        ProducerKind.COOPERATIVE,
        "HTX Dược liệu An Châu",
        "2401000114",
        "La Thị Nhung",
        [("Trà giảo cổ lam An Châu", "12"), ("Tinh dầu quế Sơn Động", "20")],
    ),
    (
        "213",
        "07201",
        ProducerKind.ENTERPRISE,
        "Công ty CP Thực phẩm Thọ Xương",
        "2400123115",
        "Đặng Minh Tuấn",
        [("Bánh gai Thọ Xương", "06")],
    ),
    (
        "223",
        "07816",
        ProducerKind.COOPERATIVE,
        "HTX Chè Hiệp Hòa",
        "2401000116",
        "Ngô Thị Nga",
        [("Chè xanh Đồng Tiến", "11")],
    ),
    (
        "221",
        "07714",
        ProducerKind.COOPERATIVE,
        "HTX Rau củ Xuân Phú",
        "2401000117",
        "Thân Văn Bình",
        [("Hành tỏi Yên Dũng", "10")],
    ),
]


def registry_load(*, province, districts, successor) -> dict[str, Product]:
    """Create the producers and products above in the former `province` (get-or-create, also
    finding them once carried into `successor`: a rerun changes nothing).

    Returns the demo's products by name.
    """
    units = {u.code: u for u in AdministrativeUnit.objects.filter(code__in=_codes(), valid_from=None)}
    sets = {s.code: s for s in ProductSet.objects.filter(framework_code="148")}
    products = {}
    for district_code, commune_code, kind, name, reg_no, rep, items in PRODUCERS:
        commune = units[commune_code]
        producer, _created = Producer.objects.filter(province__in=[province, successor]).get_or_create(
            registration_number=reg_no,
            defaults={
                "province": province,
                "kind": kind,
                "name": name,
                "representative": rep,
                "commune": commune,
                "district": districts[district_code],
                "address": commune.name,
                "phone": "0204 3" + reg_no[-6:],
            },
        )
        for product_name, set_code in items:
            products[product_name], _created = Product.objects.get_or_create(
                producer=producer,
                name=product_name,
                defaults={
                    "product_set": sets[set_code],
                    "commune": commune,
                    "district": producer.district,
                    "province": province,
                },
            )
    return products


def _codes() -> set[str]:
    codes = set()
    for district_code, commune_code, *_rest in PRODUCERS:
        codes.update({district_code, commune_code})
    return codes
