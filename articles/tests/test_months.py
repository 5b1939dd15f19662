"""Calendar months (articles/months.py) as charts, timelines and date facets step through them."""

import datetime

import pytest

from articles.months import following_month, last_day_of_month


@pytest.mark.parametrize(
    ("month", "after"),
    [((2014, 1), (2014, 2)), ((2014, 11), (2014, 12)), ((2014, 12), (2015, 1))],
)
def test_the_month_after(month, after):
    assert following_month(*month) == after


@pytest.mark.parametrize(
    ("month", "day"),
    [((2015, 2), 28), ((2016, 2), 29), ((1900, 2), 28), ((2000, 2), 29), ((2014, 4), 30)],
)
def test_the_last_day_of_a_month(month, day):
    assert last_day_of_month(*month) == datetime.date(*month, day)


def test_december_ends_on_the_31st_and_the_next_year_follows():
    assert last_day_of_month(1999, 12) == datetime.date(1999, 12, 31)
    assert last_day_of_month(*following_month(1999, 12)) == datetime.date(2000, 1, 31)
