"""The demo's users: one per persona, plus the council members who make up the quorums."""

from django.contrib.auth.hashers import make_password

from ocop_portal.accounts.models import User
from products.models import Producer, ProducerMembership

DEMO_PASSWORD = "ocop-demo-2021"
CHUTHE_PRODUCER = "2401000101"  # HTX Gà đồi Yên Thế

# (username, full name, role fields by unit key: "province" (Tỉnh Bắc Ninh), a former district
# code, or "commune:<2025 commune code>")
PERSONAS = [
    ("admin", "Quản trị hệ thống", {"is_superuser": True, "is_staff": True}),
    ("so_nnptnt", "Nguyễn Thị Thanh (Sở Nông nghiệp và Môi trường)", {"staff_province": "province"}),
    ("xa_xuanluong", "Hoàng Văn Nam (UBND xã Xuân Lương)", {"officer_commune": "commune:07246"}),
    ("xa_tanson", "Vi Thị Hạnh (UBND xã Tân Sơn)", {"officer_commune": "commune:07531"}),
    ("phuong_chu", "Giáp Văn Quang (UBND phường Chũ)", {"officer_commune": "commune:07525"}),
    # District officers of former Bắc Giang: the pre-merger rounds and their councils.
    ("huyen_yenthe", "Trần Văn Hùng (UBND huyện Yên Thế)", {"officer_district": "215"}),
    ("huyen_lucngan", "Lê Thị Hà (UBND huyện Lục Ngạn)", {"officer_district": "219"}),
    ("hoidong", "Phạm Văn Đức (thành viên Hội đồng)", {}),
    ("chuthe", "Nguyễn Văn Tiến (HTX Gà đồi Yên Thế)", {}),
]

# Council members with no other role; their seats are in councils.py.
COUNCIL_USERS = [
    ("hd_chutich", "Đỗ Quang Vinh"),
    ("hd_pho", "Nguyễn Thị Huyền"),
    ("hd_tv1", "Trần Đức Mạnh"),
    ("hd_thuky", "Vũ Thị Ngọc"),
    ("hd_lucngan_chutich", "Hoàng Văn Dũng"),
    ("hd_lucngan_pho", "Phan Thị Lụa"),
    ("hd_lucngan_tv1", "Ngô Văn Thịnh"),
    ("hd_lucngan_tv2", "Đào Thị Bích"),
    ("hd_lucngan_thuky", "Lục Văn Kiên"),
    ("hd_tinh_chutich", "Lê Minh Khoa"),
    ("hd_tinh_pho", "Nguyễn Thị Phương"),
    ("hd_tinh_tv1", "Bùi Văn Thành"),
    ("hd_tinh_tv2", "Trịnh Thị Hoa"),
    ("hd_tinh_thuky", "Đặng Văn Tùng"),
]


def users_load(*, province, districts, communes) -> dict[str, User]:
    """Create the persona and council users (a rerun leaves existing ones untouched) and bind
    chuthe to its producer. Returns the users by username."""
    units = {"province": province, **districts, **{f"commune:{code}": unit for code, unit in communes.items()}}
    # PBKDF2 is slow by design: hash the shared demo password once, not once per user.
    password_hash = None
    users = {}
    specs = [*PERSONAS, *((name, full, {}) for name, full in COUNCIL_USERS)]
    for username, full_name, fields in specs:
        user = User.objects.filter(username=username).first()
        if user is None:
            password_hash = password_hash or make_password(DEMO_PASSWORD)
            values = {key: units[value] if isinstance(value, str) else value for key, value in fields.items()}
            user = User.objects.create(
                username=username,
                full_name=full_name,
                email=f"{username}@demo.ocop.vn",
                password=password_hash,
                **values,
            )
        users[username] = user
    producer = Producer.objects.get(registration_number=CHUTHE_PRODUCER, name="HTX Gà đồi Yên Thế")
    ProducerMembership.objects.get_or_create(user=users["chuthe"], defaults={"producer": producer})
    users["chuthe"].refresh_from_db()
    return users
