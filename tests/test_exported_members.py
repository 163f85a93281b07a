import dateline


def test_all_exports_exist_and_are_sorted() -> None:
    assert dateline.__all__ == sorted(dateline.__all__)
    for name in dateline.__all__:
        assert hasattr(dateline, name), name
