"""Annual-report requests through the API: create (queued for the worker), read the status,
download the files once done; province staff only, their own province only."""

import pytest
from django.core.files.base import ContentFile

from reports.enums import RequestState
from reports.models import ReportRequest

pytestmark = pytest.mark.django_db


def test_staff_request_a_report_and_read_its_status(api, province_staff, province):
    client = api(province_staff)
    created = client.post("/api/v1/report-requests/", {"year": 2025}, format="json")
    again = client.post("/api/v1/report-requests/", {"year": 2025}, format="json")
    body = created.json()
    assert (created.status_code, body["year"], body["version"], body["state"], body["downloads"]) == (
        201,
        2025,
        1,
        "queued",
        {},
    )
    assert again.json()["id"] == body["id"]  # one active request per year, as on the page
    status = client.get(f"/api/v1/report-requests/{body['id']}/").json()
    assert (status["state"], status["progress"]) == ("queued", 0)
    assert client.get(f"/api/v1/report-requests/{body['id']}/download/pdf/").status_code == 404


def test_download_a_finished_report(api, province_staff, province):
    report = ReportRequest.objects.create(province=province, year=2025, version=1, requested_by=province_staff)
    report.pdf.save("bao-cao.pdf", ContentFile(b"%PDF-1.4 report"), save=False)
    report.save()
    ReportRequest.objects.filter(pk=report.pk).update(state=RequestState.DONE, progress=100)
    client = api(province_staff)
    status = client.get(f"/api/v1/report-requests/{report.pk}/").json()
    download = client.get(f"/api/v1/report-requests/{report.pk}/download/pdf/")
    assert status["downloads"] == {"pdf": f"http://testserver/api/v1/report-requests/{report.pk}/download/pdf/"}
    assert (download.status_code, b"".join(download.streaming_content)) == (200, b"%PDF-1.4 report")
    assert download["Content-Disposition"] == 'attachment; filename="bao-cao-ocop-2025-v1.pdf"'


@pytest.mark.parametrize("persona_name", ["district_officer", "producer", "plain_user"])
def test_others_may_not_request_reports(persona_name, persona, api, province):
    response = api(persona(persona_name)).post("/api/v1/report-requests/", {"year": 2025}, format="json")
    assert (response.status_code, ReportRequest.objects.count()) == (403, 0)
