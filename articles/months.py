"""Calendar months as (year, month) pairs: the step from one to the next, and their last days."""

import datetime


def following_month(year, month):
    """The (year, month) after ``year``-``month``."""
    return (year + 1, 1) if month == 12 else (year, month + 1)


def last_day_of_month(year, month):
    """The last date of ``year``-``month``."""
    return datetime.date(*following_month(year, month), 1) - datetime.timedelta(days=1)
