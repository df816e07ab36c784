"""Personas as fixtures (STYLE.md): each is a signed-in-able user bound the way the role says.

`district` is the district officer's district; `other_district` is a second district of the
same province, so "does not leak" tests have somewhere to put the data that must not leak;
`sibling_commune` is a second commune of `district`, the other commune officer's.
"""

import os
import uuid

import pytest
from django.contrib.auth.models import AnonymousUser

from . import factories as f


@pytest.fixture
def province(db):
    return f.ProvinceFactory()


@pytest.fixture
def district(province):
    return f.DistrictFactory(parent=province, code="215", name="Huyện Yên Thế")


@pytest.fixture
def other_district(province):
    return f.DistrictFactory(parent=province, code="219", name="Huyện Lục Ngạn")


@pytest.fixture
def commune(district):
    return f.CommuneFactory(parent=district, code="07243", name="Xã Đồng Tiến")


@pytest.fixture
def other_commune(other_district):
    return f.CommuneFactory(parent=other_district, code="07528", name="Xã Cấm Sơn")


@pytest.fixture
def sibling_commune(district):
    """A second commune of the district officer's district: another commune officer's."""
    return f.CommuneFactory(parent=district, code="07246", name="Xã Canh Nậu")


@pytest.fixture
def producer_record(commune):
    return f.ProducerFactory(commune=commune, name="HTX Gà đồi Yên Thế")


@pytest.fixture
def other_producer_record(other_commune):
    return f.ProducerFactory(commune=other_commune, name="HTX Vải thiều Lục Ngạn")


@pytest.fixture
def province_staff(province):
    return f.UserFactory(username="staff", full_name="Cán bộ Sở", staff_province=province)


@pytest.fixture
def district_officer(district):
    return f.UserFactory(username="officer", full_name="Cán bộ Yên Thế", officer_district=district)


@pytest.fixture
def other_district_officer(other_district):
    return f.UserFactory(username="officer2", full_name="Cán bộ Lục Ngạn", officer_district=other_district)


@pytest.fixture
def commune_officer(commune):
    """The officer of the producer's commune (cán bộ UBND xã)."""
    return f.UserFactory(username="xa", full_name="Cán bộ xã Đồng Tiến", officer_commune=commune)


@pytest.fixture
def other_commune_officer(sibling_commune):
    """The officer of another commune of the same district."""
    return f.UserFactory(username="xa2", full_name="Cán bộ xã Canh Nậu", officer_commune=sibling_commune)


@pytest.fixture
def producer(producer_record):
    user = f.UserFactory(username="producer", full_name="Chủ HTX Gà đồi")
    f.ProducerMembershipFactory(user=user, producer=producer_record)
    return user


@pytest.fixture
def other_producer(other_producer_record):
    user = f.UserFactory(username="producer2", full_name="Chủ HTX Vải")
    f.ProducerMembershipFactory(user=user, producer=other_producer_record)
    return user


@pytest.fixture
def national_editor(db):
    """Holds the national role: writes the shared reference data (product groups and sets, score
    sheets), bound to no province (ocop_portal/accounts/rules.py)."""
    from django.contrib.auth.models import Permission

    user = f.UserFactory(username="national", full_name="Văn phòng Điều phối OCOP Trung ương")
    user.user_permissions.add(
        Permission.objects.get(content_type__app_label="products", codename="edit_shared_reference")
    )
    return user


@pytest.fixture
def plain_user(db):
    """Signed in, but holding no role at all."""
    return f.UserFactory(username="norole")


@pytest.fixture
def anonymous():
    return AnonymousUser()


@pytest.fixture
def persona(request):
    """Resolve a persona by name inside a parametrised test: `persona("district_officer")`."""

    def resolve(name):
        return None if name == "anonymous" else request.getfixturevalue(name)

    return resolve


@pytest.fixture
def client_for(client):
    """A test client signed in as `user` (or anonymous for None)."""

    def make(user):
        client.logout()
        if user is not None:
            client.force_login(user)
        return client

    return make


@pytest.fixture
def real_worker():
    """A solo Celery worker thread consuming a queue of its own on Redis (OCOP_TEST_BROKER_URL);
    Redis down → the test fails. Tests using it need django_db(transaction=True)."""
    from celery.contrib.testing.worker import start_worker

    from ocop_portal.celery import app

    from .celery import reset_broker_connections

    broker_url = os.environ.get("OCOP_TEST_BROKER_URL", "redis://127.0.0.1:6379/14")
    queue = f"ocop-test-{uuid.uuid4().hex[:10]}"
    saved = {key: app.conf[key] for key in ("broker_url", "task_always_eager", "task_default_queue")}
    app.conf.update(broker_url=broker_url, task_always_eager=False, task_default_queue=queue)
    reset_broker_connections()
    try:
        with app.connection_for_write() as connection:
            connection.ensure_connection(max_retries=1)  # raises when Redis is unreachable
        with start_worker(app, pool="solo", perform_ping_check=False, queues=[queue], shutdown_timeout=30):
            yield queue
    finally:
        app.conf.update(saved)
        reset_broker_connections()
