"""``<id:pk>``: the path converter for every database id in a URL.

Django's ``<int:...>`` takes any run of digits, and an id past the database's 64-bit integers
(2**63 and up) reached SQLite as an OverflowError (a 500) wherever the id went through a foreign
key, an ``__in`` or hand-written SQL. An id is at most 19 digits and at most ``MAX_ID``; anything
else does not match the route, which is a 404 like any unknown id. Importing this module
registers the converter; every urls.py that uses it imports ``ID`` from here.
"""

from __future__ import annotations

from django.urls import register_converter

from fos.fields import MAX_ID

ID = "id"


class IdConverter:
    regex = "[0-9]{1,19}"

    def to_python(self, value: str) -> int:
        number = int(value)
        if not 1 <= number <= MAX_ID:
            raise ValueError(value)  # the URL does not match: 404
        return number

    def to_url(self, value: int | str) -> str:
        return str(int(value))


register_converter(IdConverter, ID)
