"""Idle sessions: a session ends SESSION_COOKIE_AGE after its last request.

Django's way, SESSION_SAVE_EVERY_REQUEST, writes the session (an UPDATE and a commit, and the
cookie again) on every request, pages and files alike: a write for every read, the largest
share of a page's tail latency under load (bench/RESULTS.md). Here the expiry is pushed when
it is at least SESSION_TOUCH_SECONDS old: a session still ends after its idle time, give or take
that much (60 s of 30 minutes), and a member reading pages costs no write.
"""

from __future__ import annotations

import time

from django.conf import settings
from django.contrib.sessions.middleware import SessionMiddleware
from django.http import HttpRequest, HttpResponse

TOUCHED = "_fos_touched"  # when this session's expiry was last pushed (epoch seconds)


class IdleSessionMiddleware(SessionMiddleware):
    def process_response(self, request: HttpRequest, response: HttpResponse) -> HttpResponse:
        session = getattr(request, "session", None)
        # A request that sent a session cookie: its session is read (the user middleware did
        # already for almost every page) and, when due, marked for Django's save below.
        if session is not None and session.session_key:
            now = int(time.time())
            touched = session.get(TOUCHED)
            due = not isinstance(touched, int) or now - touched >= settings.SESSION_TOUCH_SECONDS
            if due and not session.is_empty():
                session[TOUCHED] = now
        return super().process_response(request, response)


def touched_at_login(sender: object, request: HttpRequest, **_kwargs: object) -> None:
    """Signing in saves the session with a new expiry: the next minute's pages write nothing."""
    session = getattr(request, "session", None)
    if session is not None:
        session[TOUCHED] = int(time.time())
