from rest_framework import serializers
from rest_framework.reverse import reverse

from reports.enums import RequestState

FILE_KINDS = ("pdf", "xlsx")


class ReportRequestSerializer(serializers.Serializer):
    id = serializers.IntegerField(read_only=True, help_text="Portal id of the request.")
    year = serializers.IntegerField(help_text="Report year.")
    version = serializers.IntegerField(help_text="Version of that year's report.")
    state = serializers.ChoiceField(choices=RequestState.choices, help_text="queued, running, done or failed.")
    progress = serializers.IntegerField(help_text="Progress in percent.")
    error = serializers.CharField(help_text="Why it failed (empty otherwise).")
    created_at = serializers.DateTimeField(help_text="When it was requested.")
    started_at = serializers.DateTimeField(allow_null=True, help_text="When a worker started it.")
    finished_at = serializers.DateTimeField(allow_null=True, help_text="When it finished.")
    downloads = serializers.SerializerMethodField(help_text="File kind → download URL, once done.")

    def get_downloads(self, report) -> dict[str, str]:
        if report.state != RequestState.DONE:
            return {}
        request = self.context.get("request")
        return {
            kind: reverse("api:report-request-download", args=[report.pk, kind], request=request)
            for kind in FILE_KINDS
            if getattr(report, kind)
        }


class ReportRequestCreateSerializer(serializers.Serializer):
    year = serializers.IntegerField(min_value=2000, max_value=2100, help_text="Year to report on.")
