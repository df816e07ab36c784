"""Field rules shared by the registry forms, services and the import."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from PIL import Image, UnidentifiedImageError

# Pillow format name → the extension a stored photo gets.
IMAGE_FORMATS = {"JPEG": "jpg", "PNG": "png", "WEBP": "webp"}


def normalise_spaces(value: str) -> str:
    """Trim and collapse runs of whitespace: 'HTX  Gà đồi ' → 'HTX Gà đồi'."""
    return " ".join((value or "").split())


def normalise_registration_number(value: str) -> str:
    """Registration numbers are written with stray spaces and either case; store one form."""
    return "".join((value or "").split()).upper()


def upload_limit_text() -> str:
    limit = settings.OCOP_MAX_UPLOAD_BYTES
    if limit >= 1024 * 1024:
        return _("%(size)s MB") % {"size": f"{round(limit / (1024 * 1024), 1):g}"}
    return _("%(size)s KB") % {"size": f"{round(limit / 1024, 1):g}"}


def validate_upload_size(upload) -> None:
    if upload.size > settings.OCOP_MAX_UPLOAD_BYTES:
        raise ValidationError(
            _("Tệp lớn hơn giới hạn cho phép (%(limit)s).") % {"limit": upload_limit_text()}, code="too_large"
        )


def validate_image_upload(upload) -> str:
    """Check an uploaded photo is a real JPEG/PNG/WEBP image within the size limit.

    Returns the extension to store it under (never the uploaded name's).
    """
    validate_upload_size(upload)
    message = _("Tệp không phải là ảnh hợp lệ. Hãy chọn ảnh JPEG, PNG hoặc WEBP.")
    try:
        upload.seek(0)
        with Image.open(upload) as image:
            image_format = image.format
            image.verify()
    except (UnidentifiedImageError, Image.DecompressionBombError, OSError, SyntaxError, ValueError):
        raise ValidationError(message, code="invalid_image") from None
    finally:
        upload.seek(0)
    if image_format not in IMAGE_FORMATS:
        raise ValidationError(message, code="invalid_image")
    return IMAGE_FORMATS[image_format]
