"""The API asks what the page asks: for each service a page form and an API serializer both feed,
the two declare the same inputs. A field the page gained and the API did not (the conclusion date
of an Art. 8 revocation, the opening date and framework reason of a round) fails here by name,
before a client finds the service refusing what the API cannot send."""

import pytest

from api.serializers import certificates as certificate_serializers
from api.serializers import reference as reference_serializers
from evaluation.forms.rounds import RoundForm
from evaluation.views.certificates import BulkRevocationForm, RevocationForm

PAIRS = [
    (RevocationForm, certificate_serializers.RevocationSerializer),
    (BulkRevocationForm, certificate_serializers.BulkRevocationSerializer),
    (RoundForm, reference_serializers.RoundCreateSerializer),
    (RoundForm, reference_serializers.RoundUpdateSerializer),
]


@pytest.mark.parametrize(("form", "serializer"), PAIRS, ids=lambda cls: cls.__name__)
def test_the_api_takes_every_input_of_the_page(form, serializer):
    page = set(form.base_fields) if not hasattr(form, "_meta") else set(form._meta.fields)
    assert page - set(serializer().fields) == set()
    assert set(serializer().fields) - page == set()
