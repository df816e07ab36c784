"""Issue 17 points 2 and 3 as one flow through the pages: a producer without an account signs up
with the business registration number, the commune officer confirms the link, the new producer
user chooses a password, opens a dossier, fills forms 01 and 02, files it (registration number,
frozen copy), and the commune officer writes form 03 and sends the request to the province."""

import re

import pytest
from django.core import mail
from django.urls import reverse

from evaluation.enums import DossierState, Level
from evaluation.models import Dossier, SubmittedCopy
from evaluation.tests.test_dossiers_fixtures import FORM01, FORM02, answer_everything, attach_evidence
from evaluation.tests.test_filing_commune import FORM03
from ocop_portal.accounts.models import User
from ocop_portal.testing import factories as f

from .factories import RoundFactory, build_sheet
from .factories import framework as load_framework

pytestmark = pytest.mark.django_db


def test_sign_up_file_and_the_commune_step(
    client, producer_record, province, commune_officer, province_staff, django_capture_on_commit_callbacks
):
    framework = load_framework("26/2026")
    product = f.ProductFactory(producer=producer_record, name="Gà đồi Yên Thế")
    build_sheet(framework_obj=framework, product_set=product.product_set)
    round_ = RoundFactory(framework=framework, province=province, year=2026, number=8)

    # 1. sign-up by business registration number; the commune confirms
    client.post(
        reverse("products:signup"),
        {
            "province": province.pk,
            "registration_number": producer_record.registration_number,
            "full_name": "Nguyễn Thị Lan",
            "email": "lan@htx.example.vn",
        },
    )
    client.force_login(commune_officer)
    signup_url = client.get(reverse("products:signup_list")).content.decode()
    decide = re.search(r'href="(/registry/signups/\d+/)"', signup_url).group(1)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(decide, {"decision": "confirm"})
    link = re.search(r"http://testserver(/\S+)", mail.outbox[-1].body).group(1)

    # 2. the new user chooses a password through the one-time link and signs in
    client.logout()
    form_page = client.get(link, follow=True)
    client.post(form_page.redirect_chain[-1][0], {"new_password1": "Gà-đồi-2026!", "new_password2": "Gà-đồi-2026!"})
    user = User.objects.get(email="lan@htx.example.vn")
    assert user.check_password("Gà-đồi-2026!")
    assert client.login(username="lan@htx.example.vn", password="Gà-đồi-2026!")

    # 3. the producer opens the dossier and files forms 01 and 02
    response = client.post(
        reverse("evaluation:dossier_create"), {"product": product.pk, "round": round_.pk, "kind": "new"}
    )
    dossier = Dossier.objects.get(product=product)
    assert (dossier.current_level, response.url) == (
        Level.COMMUNE,
        reverse("evaluation:dossier_detail", args=[dossier.pk]),
    )
    client.post(reverse("evaluation:dossier_form01", args=[dossier.pk]), {**FORM01, "version": dossier.version})
    dossier.refresh_from_db()
    form02 = {**FORM02, "founded_on": "02/03/2015", "version": dossier.version}
    client.post(reverse("evaluation:dossier_form02", args=[dossier.pk]), form02)
    answer_everything(dossier)
    attach_evidence(dossier, user)
    client.post(reverse("evaluation:dossier_submit", args=[dossier.pk]))
    dossier.refresh_from_db()
    assert dossier.state == DossierState.SUBMITTED, dossier.forms.form02
    copy = SubmittedCopy.objects.get(dossier=dossier)
    assert copy.registration_number == f"01/PĐK-{province.code}-07243-2026"
    assert copy.content["form02"]["founded_on"] == "2015-03-02"

    # 4. the commune writes form 03 and sends the request to the province
    client.force_login(commune_officer)
    client.post(reverse("evaluation:dossier_accept", args=[dossier.pk]), FORM03)
    dossier.refresh_from_db()
    assert (dossier.state, dossier.current_level) == (DossierState.FORWARDED, Level.PROVINCE)
    client.force_login(province_staff)
    assert (
        copy.registration_number in client.get(reverse("evaluation:dossier_detail", args=[dossier.pk])).content.decode()
    )
