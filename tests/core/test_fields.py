from contacts.models import Organisation, Topic
from core.fields import has_field


def test_has_field_knows_declared_fields_only():
    assert has_field(Organisation, "last_verified_on")
    assert has_field(Organisation, "topics")
    assert not has_field(Topic, "last_verified_on")
