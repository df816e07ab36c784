"""PDF documents of the evaluation app (WeasyPrint), one module per document."""

from django.http import HttpResponse

from ocop_portal.core.official import DOCX_TYPE


def document_response(request, stem: str, *, pdf, docx) -> HttpResponse:
    """The printed document as a download: the PDF (the record), or with ?format=docx its Word
    twin for the office to finish and sign. `pdf` and `docx` build the bytes when called."""
    if request.GET.get("format") == "docx":
        response = HttpResponse(docx(), content_type=DOCX_TYPE)
        response["Content-Disposition"] = f'attachment; filename="{stem}.docx"'
        return response
    response = HttpResponse(pdf(), content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{stem}.pdf"'
    return response
