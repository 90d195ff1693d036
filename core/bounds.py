"""The edges of every value we store: beyond them a value is a slip or an attack."""

from datetime import date

#: The databases' integers: a larger number in an address or a form is not an id of ours.
MAX_INTEGER = 2**31 - 1
#: Dates people and programmes use; beyond them a date is a typing slip (or an attack on
#: the calendar's edges, where adding a day overflows).
FIRST_DATE, LAST_DATE = date(1800, 1, 1), date(2199, 12, 31)
