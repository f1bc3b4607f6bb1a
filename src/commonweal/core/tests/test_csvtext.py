"""Reading uploaded CSV text: UTF-8 only, with the line to look at when it is not."""

import pytest

from commonweal.core import csvtext


def test_utf8_with_or_without_a_byte_order_mark_is_read():
    assert csvtext.decode("a,b\n1,é\n".encode(), max_bytes=100) == "a,b\n1,é\n"
    assert csvtext.decode("\ufeffa,b\n".encode(), max_bytes=100) == "a,b\n"


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"  \n", "The file is empty. Choose the CSV file to import."),
        (b"a" * 2_000_000, "The file is larger than 1 MB: split it."),
        ("a,b\n1,café\n".encode("cp1252"), "the first character that cannot be read is in row 1"),
    ],
)
def test_what_cannot_be_read_is_refused_saying_what_to_do(data, message):
    with pytest.raises(csvtext.CsvUnreadable, match=message):
        csvtext.decode(data, max_bytes=1024 * 1024)


def test_headings_compare_without_case_or_punctuation():
    assert csvtext.heading_key("  Annual value (£) ") == "annual value"


def test_the_delimiter_is_found_from_the_headings():
    assert csvtext.dialect_of("a;b;c\n1;2;3\n").delimiter == ";"
    assert csvtext.dialect_of("just one heading\n").delimiter == ","
