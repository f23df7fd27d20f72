"""Metadata from URLs and manifest cells, and the language guess."""

from datetime import date, datetime, timedelta, timezone

import pytest

from corpus.language import guess_language
from corpus.metadata import date_from_url, parse_published, source_from_url


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("https://tfiglobalnews.com/2025/07/18/axis-of-alignment/amp", date(2025, 7, 18)),
        ("https://konturnovosti.com/en_GB/articles/gc6/features/2025/07/17/feature-02/x", date(2025, 7, 17)),
        ("https://example.com/news/2024/2/29/leap-day", date(2024, 2, 29)),
        ("https://example.com/2025/07/18", date(2025, 7, 18)),
        ("https://example.com/2025/02/30/not-a-day/", None),
        ("https://example.com/2025/13/01/not-a-month/", None),
        ("https://example.com/2023/02/29/not-a-leap-year/", None),
        ("https://example.com/1234/05/06/an-id-not-a-year/", None),
        ("https://example.com/2025/07/story", None),
        ("https://www.scmp.com/week-asia/politics/article/3318702/did-laos", None),
        ("https://example.com/?date=2025/07/18", None),
        (None, None),
    ],
)
def test_date_from_url_path(url, expected):
    assert date_from_url(url) == expected


def test_invalid_date_does_not_hide_a_later_valid_one():
    assert date_from_url("https://example.com/2025/02/30/2025/03/01/x") == date(2025, 3, 1)


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("https://www.scmp.com/week-asia/x", "scmp.com"),
        ("https://united24media.com/latest-news/x", "united24media.com"),
        ("http://M.Example.CO.UK:8080/a", "example.co.uk"),
        ("https://news.example.com/", "news.example.com"),
        ("not a url", None),
        ("", None),
        (None, None),
    ],
)
def test_source_from_url_is_the_readable_domain(url, expected):
    assert source_from_url(url) == expected


def test_published_dates_stay_dates_and_datetimes_keep_their_zone():
    assert parse_published("2025-07-17") == date(2025, 7, 17)
    assert type(parse_published("2025-07-17")) is date
    assert parse_published("2025-07-17T09:30:00+03:00") == datetime(
        2025, 7, 17, 9, 30, tzinfo=timezone(timedelta(hours=3))
    )
    assert parse_published("2025-07-17T06:30:00Z") == datetime(2025, 7, 17, 6, 30, tzinfo=timezone.utc)


def test_a_crawlers_rss_form_keeps_its_time_and_zone():
    assert parse_published("Fri, 18 Jul 2025 10:00:00 GMT") == datetime(2025, 7, 18, 10, tzinfo=timezone.utc)
    assert parse_published("Fri, 18 Jul 2025 10:00:00 +0300") == datetime(
        2025, 7, 18, 10, tzinfo=timezone(timedelta(hours=3)))


@pytest.mark.parametrize("value", [None, "", "  ", "17 July 2025", "2025-02-30", "yesterday",
                                   "Fri, 18 Jul 0001 10:00:00 GMT", "Mon, 99 Foo 2025 10:00:00 GMT"])
def test_unparseable_published_values_are_unknown(value):
    assert parse_published(value) is None


@pytest.mark.parametrize("code, text", [
    ("en", "The engineers were sent to the region by the government, and they said that it was for aid. " * 2),
    ("de", "Die Regierung hat am Montag erklärt, dass sie die Pläne für die Reform nicht aufgeben werde "
           "und es gibt Widerstand in der Koalition."),
    ("ru", "Жители обоих берегов реки давно ждали ремонта старого каменного моста. Строители обещают "
           "закончить работы к осени, сообщил в понедельник мэр города журналистам."),
    ("pt", "O governo anunciou na segunda-feira que vai reconstruir a velha ponte de pedra antes das "
           "cheias do inverno, e os moradores das duas margens receberam a notícia com alívio."),
    ("id", "Pemerintah kota mengumumkan pada hari Senin bahwa jembatan batu tua itu akan dibangun kembali "
           "sebelum banjir musim dingin tiba, dan warga di kedua tepi sungai menyambut baik keputusan itu."),
])
def test_language_guess(code, text):
    assert guess_language(text) == code


def test_a_long_text_is_told_by_its_start():
    from corpus.language import READ_CHARS

    english = "The engineers were sent to the region by the government, and they said it was for aid. "
    german = "Die Regierung hat am Montag erklärt, dass sie die Pläne für die Reform nicht aufgeben werde. "
    start = english * (READ_CHARS // len(english) + 1)
    assert guess_language(start + german * 200) == "en"
    assert guess_language(german * 200 + start) == "de"


def test_control_characters_of_mis_decoded_text_do_not_hide_the_language():
    text = "The council met on Tuesday and voted to rebuild the old bridge before the winter. " * 3
    assert guess_language(text.replace("Tuesday", "Tuesday \x97 a dash read as a control")) == "en"


@pytest.mark.parametrize("text", [
    "Laos Russia Ukraine",  # too few words
    "Xyzzy plugh frobozz " * 20,  # no language
    "\x00\x01\x7f\x85 " * 40,  # control characters, which the detector refuses
    "\ud800 " * 40,  # lone surrogates, which are no UTF-8
])
def test_no_language_when_it_is_unclear(text):
    assert guess_language(text) is None
