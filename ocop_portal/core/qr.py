"""QR codes: the certificate's label (evaluation) and the authenticator enrolment (accounts)."""

import io

import segno


def _qr(data: str) -> segno.QRCode:
    # Level M survives a scuffed label and still fits a short URL in a small symbol.
    return segno.make_qr(data, error="m")


def qr_svg(url: str, *, scale: int = 8) -> bytes:
    buffer = io.BytesIO()
    _qr(url).save(buffer, kind="svg", scale=scale, border=4, xmldecl=True, svgns=True, title=url)
    return buffer.getvalue()


def qr_png(url: str, *, scale: int = 10) -> bytes:
    buffer = io.BytesIO()
    _qr(url).save(buffer, kind="png", scale=scale, border=4)
    return buffer.getvalue()
