"""Every text field of every form and API serializer of the portal is length-limited.

A model TextField without max_length becomes a form field without one: a 10 MB comment would be
stored. The test lists such fields by form and field name.
"""

import importlib
import inspect
import pkgutil

from django import forms

PROJECT_PACKAGES = ("ocop_portal", "products", "evaluation", "support", "reports", "api")


def _project_modules():
    for package_name in PROJECT_PACKAGES:
        package = importlib.import_module(package_name)
        yield package
        for info in pkgutil.walk_packages(package.__path__, prefix=f"{package_name}."):
            if ".tests" in info.name or ".migrations" in info.name or info.name.endswith(".management"):
                continue
            if "management.commands" in info.name:
                continue
            yield importlib.import_module(info.name)


def _project_classes(base):
    seen = {}
    for module in _project_modules():
        for _name, value in inspect.getmembers(module, inspect.isclass):
            if issubclass(value, base) and value.__module__.split(".")[0] in PROJECT_PACKAGES:
                seen[f"{value.__module__}.{value.__qualname__}"] = value
    return seen


def unlimited_form_fields() -> list[str]:
    found = []
    for name, form_class in sorted(_project_classes(forms.BaseForm).items()):
        for field_name, field in form_class.base_fields.items():
            if isinstance(field, forms.CharField) and field.max_length is None:
                found.append(f"{name}.{field_name}")
    return found


def unlimited_api_request_fields() -> list[str]:
    """String properties of the API's request bodies (every component an operation's requestBody
    refers to, in the OpenAPI schema) that have no maxLength, enum or pattern."""
    from drf_spectacular.generators import SchemaGenerator

    schema = SchemaGenerator().get_schema(request=None, public=True)
    request_components = {
        media["schema"]["$ref"].rsplit("/", 1)[-1]
        for operations in schema["paths"].values()
        for operation in operations.values()
        for media in operation.get("requestBody", {}).get("content", {}).values()
        if "$ref" in media.get("schema", {})
    }
    found = []
    for component in sorted(request_components):
        body = schema["components"]["schemas"][component]
        for name, prop in body.get("properties", {}).items():
            if prop.get("readOnly") or prop.get("type") != "string" or prop.get("format") == "binary":
                continue
            if not {"maxLength", "enum", "pattern"} & set(prop) and prop.get("format") not in {"date", "date-time"}:
                found.append(f"{component}.{name}")
    return found


# Fields whose validator already bounds the length, with the bound.
BOUNDED_BY_PATTERN = {"evaluation.forms.dossiers.RegistrationForm.contact_phone": "^[0-9 +().-]{8,20}$"}


def test_every_form_text_field_has_a_maximum_length():
    assert [name for name in unlimited_form_fields() if name not in BOUNDED_BY_PATTERN] == []


def test_every_api_request_text_field_has_a_maximum_length():
    assert unlimited_api_request_fields() == []


def test_the_form_inventory_is_not_empty():
    # A broken module walk would make the two tests above pass vacuously.
    assert len(_project_classes(forms.BaseForm)) >= 30, sorted(_project_classes(forms.BaseForm))
