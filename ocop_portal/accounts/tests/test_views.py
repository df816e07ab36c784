import re

import pytest
from django.conf import settings
from django.core import mail
from django.urls import reverse

from ocop_portal.testing.factories import PASSWORD, UserFactory


@pytest.mark.django_db
def test_login_page_is_vietnamese_by_default(client):
    response = client.get(reverse("accounts:login"))
    assert response.status_code == 200
    assert '<html lang="vi">' in response.content.decode()
    assert "Đăng nhập" in response.content.decode()


@pytest.mark.django_db
def test_sign_in_with_the_right_password_lands_on_the_role_home(client, district_officer):
    response = client.post(reverse("accounts:login"), {"username": "officer", "password": PASSWORD})
    assert (response.status_code, response["Location"]) == (302, reverse("core:home"))
    home = client.get(reverse("core:home"))
    assert "Xin chào, Cán bộ Yên Thế" in home.content.decode()


@pytest.mark.django_db
def test_wrong_password_is_refused_with_a_message(client, district_officer):
    response = client.post(reverse("accounts:login"), {"username": "officer", "password": "wrong"})
    assert response.status_code == 200
    assert "_auth_user_id" not in client.session
    assert response.context["form"].errors["__all__"]


@pytest.mark.django_db
def test_a_visitor_at_the_root_finds_the_public_pages_and_sign_in(client):
    response = client.get(reverse("core:home"))
    page = response.content.decode()
    assert response.status_code == 200
    for name in ("public:verify_lookup", "public:certified_products", "public:revoked_certificates", "accounts:login"):
        assert f'href="{reverse(name)}"' in page, name
    assert 'name="number"' in page  # the verification form is right there
    assert "csrfmiddlewaretoken" not in page  # the public layout: cacheable, no form that posts


@pytest.mark.django_db
def test_a_signed_in_user_at_the_root_gets_their_work_not_the_public_page(client, district_officer):
    client.force_login(district_officer)
    response = client.get(reverse("core:home"))
    assert "panels" in response.context
    assert "Tra cứu giấy chứng nhận OCOP" not in response.content.decode().split('id="main"')[1]


@pytest.mark.django_db
def test_the_sign_in_page_links_the_public_pages(client):
    page = client.get(reverse("accounts:login")).content.decode()
    for name in ("public:verify_lookup", "public:certified_products", "opendata:snapshot_list"):
        assert f'href="{reverse(name)}"' in page, name


@pytest.mark.django_db
def test_logout_is_a_post_and_ends_the_session(client, producer):
    client.force_login(producer)
    assert client.get(reverse("accounts:logout")).status_code == 405
    response = client.post(reverse("accounts:logout"))
    assert response.status_code == 302
    assert "_auth_user_id" not in client.session


@pytest.mark.django_db
def test_password_reset_mails_a_working_link(client, district_officer):
    response = client.post(reverse("accounts:password_reset"), {"email": district_officer.email})
    assert response.status_code == 302
    assert len(mail.outbox) == 1
    link = re.search(r"https?://[^/]+(/accounts/password/reset/\S+/)", mail.outbox[0].body).group(1)
    form_page = client.get(link, follow=True)
    new_password = "Mật-khẩu-mới-2026"
    done = client.post(form_page.redirect_chain[-1][0], {"new_password1": new_password, "new_password2": new_password})
    assert (done.status_code, done["Location"]) == (302, reverse("accounts:password_reset_complete"))
    district_officer.refresh_from_db()
    assert district_officer.check_password(new_password)


@pytest.mark.django_db
def test_password_change_requires_the_old_password(client, producer):
    client.force_login(producer)
    response = client.post(
        reverse("accounts:password_change"),
        {"old_password": "nope", "new_password1": "Mới-đủ-dài-2026", "new_password2": "Mới-đủ-dài-2026"},
    )
    assert response.status_code == 200
    producer.refresh_from_db()
    assert producer.check_password(PASSWORD)


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("persona_name", "expected_role_text"),
    [
        ("province_staff", "Cán bộ Sở NN&amp;PTNT — Tỉnh Bắc Giang"),
        ("district_officer", "Cán bộ huyện — Huyện Yên Thế"),
        ("producer", "Chủ thể — HTX Gà đồi Yên Thế"),
    ],
)
def test_profile_names_the_roles_and_their_jurisdiction(client_for, persona, persona_name, expected_role_text):
    response = client_for(persona(persona_name)).get(reverse("accounts:profile"))
    assert response.status_code == 200
    assert expected_role_text in response.content.decode()


@pytest.mark.django_db
def test_language_switch_to_english_sets_the_language(client):
    response = client.post(reverse("set_language"), {"language": "en", "next": "/accounts/login/"})
    assert response.status_code == 302
    page = client.get(reverse("accounts:login"))
    assert '<html lang="en">' in page.content.decode()


@pytest.mark.django_db
def test_an_english_browser_still_gets_vietnamese_until_the_user_switches(client):
    page = client.get(reverse("accounts:login"), HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9")
    assert '<html lang="vi">' in page.content.decode()
    assert "Tên đăng nhập" in page.content.decode()


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("persona_name", "shown", "hidden"),
    [
        ("producer", ["Hồ sơ của tôi", "Giấy chứng nhận của tôi"], ["Việc chấm điểm"]),
        ("plain_user", [], ["Hồ sơ của tôi", "Việc chấm điểm", "Giấy chứng nhận của tôi"]),
        ("district_officer", ["Đánh giá, phân hạng", "Chủ thể, sản phẩm"], ["Hồ sơ của tôi"]),
    ],
)
def test_menu_offers_each_role_its_pages_only(client, persona, persona_name, shown, hidden):
    client.force_login(persona(persona_name))
    page = client.get(reverse("core:home")).content.decode()
    assert [label for label in shown if label in page] == shown
    assert [label for label in hidden if label in page] == []


@pytest.mark.django_db
def test_a_council_member_gets_the_scoring_menu_remembered_at_sign_in(client, plain_user):
    from evaluation.tests.factories import CouncilMemberFactory

    CouncilMemberFactory(user=plain_user)
    client.force_login(plain_user)
    page = client.get(reverse("core:home")).content.decode()
    assert "Việc chấm điểm" in page
    assert "Hồ sơ của tôi" not in page


@pytest.mark.django_db
def test_a_session_from_before_sign_in_remembered_roles_still_gets_its_menu(client, producer):
    """Sessions made before this release (or by other tools) lack the remembered roles: the
    first page works them out from request.user instead of failing."""
    from ocop_portal.accounts.navigation import SESSION_KEY

    client.force_login(producer)
    session = client.session
    del session[SESSION_KEY]
    session.save()
    page = client.get(reverse("core:home"))
    assert page.status_code == 200
    assert "Hồ sơ của tôi" in page.content.decode()
    assert client.session[SESSION_KEY] == {"producer": True, "council": False}


@pytest.mark.django_db
def test_the_cached_menu_follows_each_users_roles_and_language(client_for, province_staff, district_officer, producer):
    """The menu fragment is cached per process by the flags it reads: every role still gets its
    own menu, in its own language, one after another in the same process."""

    def menu(user, language="vi"):
        client = client_for(user)
        client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
        return client.get(reverse("core:home")).content.decode()

    superuser = UserFactory(username="root", is_superuser=True, is_staff=True)
    staff, officer, own = menu(province_staff), menu(district_officer), menu(producer)
    assert "Nhập danh sách từ tệp" in staff and "Nhập danh sách từ tệp" not in officer
    assert "Hồ sơ của tôi" in own and "Hồ sơ của tôi" not in staff
    assert "Báo cáo tổng hợp toàn quốc" in menu(superuser) and "Báo cáo tổng hợp toàn quốc" not in staff
    assert "My dossiers" in menu(producer, "en") and "Hồ sơ của tôi" in menu(producer)


@pytest.mark.django_db
@pytest.mark.parametrize("url_name", ["core:home", "accounts:login"])  # the public layout, the portal's
def test_every_layout_names_an_icon_that_exists(client, url_name):
    from django.contrib.staticfiles import finders

    page = client.get(reverse(url_name)).content.decode()
    [href] = re.findall(r'<link rel="icon" href="([^"]+)"', page)
    assert finders.find(href.removeprefix(settings.STATIC_URL)) is not None
