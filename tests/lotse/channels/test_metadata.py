import pytest

from lotse.channels.metadata import MetadataTooLarge, documented_metadata


def test_only_documented_keys_with_valid_values_are_kept():
    assert documented_metadata({"language": "ar", "office": "lk-musterhausen"}) == {
        "language": "ar", "office": "lk-musterhausen"}
    assert documented_metadata({"language": "<script>", "user": "x", "office": 5}) == {}
    assert documented_metadata('{"language": "uk", "tracking": "1"}') == {"language": "uk"}
    assert documented_metadata("not json") is None and documented_metadata(["x"]) is None


@pytest.mark.parametrize("value", [{"language": "de", "x": "y" * 2000}, "{" + " " * 5000 + "}"])
def test_large_metadata_is_refused(value):
    with pytest.raises(MetadataTooLarge):
        documented_metadata(value)
