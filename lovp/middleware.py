import time

from django.conf import settings
from django.utils import translation


class DutchFirstLocaleMiddleware:
    """Dutch for everyone unless they chose another language with the language switch.

    Django's LocaleMiddleware follows the browser's Accept-Language header; this application is a
    Dutch government tool, so only an explicit choice (the language cookie) changes the language.
    """

    def __init__(self, get_response):
        self.get_response = get_response
        self.supported = {code for code, _name in settings.LANGUAGES}

    def __call__(self, request):
        chosen = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME)
        language = chosen if chosen in self.supported else settings.LANGUAGE_CODE
        translation.activate(language)
        request.LANGUAGE_CODE = language
        response = self.get_response(request)
        response.headers.setdefault("Content-Language", language)
        return response


class PermissionsPolicyMiddleware:
    """Sends settings.PERMISSIONS_POLICY as the Permissions-Policy header (Django has no setting for it)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if settings.PERMISSIONS_POLICY:
            response.headers.setdefault("Permissions-Policy", settings.PERMISSIONS_POLICY)
        return response


class SessionActivityMiddleware:
    """Keeps a session alive while someone works: it ends after SESSION_COOKIE_AGE without a request.

    Django can save the session on every request (SESSION_SAVE_EVERY_REQUEST) for that, at the cost of
    a database write per page view. Here the session is saved at most once per
    SESSION_ACTIVITY_INTERVAL seconds, so the timeout is exact to within that interval.
    """

    KEY = "_active_at"

    def __init__(self, get_response):
        self.get_response = get_response
        self.interval = settings.SESSION_ACTIVITY_INTERVAL

    def __call__(self, request):
        response = self.get_response(request)
        session = getattr(request, "session", None)
        if session is not None and session.session_key and not session.modified:
            now = int(time.time())
            if now - session.get(self.KEY, 0) >= self.interval:
                session[self.KEY] = now
        return response
