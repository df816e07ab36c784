"""Numbers and words on the council page as people read them (issue 19, point 8): the quorum as
a percentage, not "0,750 số thành viên"."""

import pytest
from django.urls import reverse

from evaluation.tests.test_councils import make_council

pytestmark = pytest.mark.django_db


def test_the_council_page_writes_the_quorum_as_a_percentage(client, province, district, province_staff):
    council, _members = make_council(province=province, jurisdiction=district, quorum_ratio="0.750")
    client.force_login(province_staff)
    page = client.get(reverse("evaluation:council_detail", args=[council.pk])).content.decode()
    assert "Tối thiểu 75\u00a0% số thành viên" in page
    assert "0,750" not in page and "0.750" not in page
