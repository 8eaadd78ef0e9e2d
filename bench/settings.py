"""Settings of the benchmark: the test settings (the real settings, PostgreSQL, in-memory outbox), with
a URL configuration that adds the reference views. DEBUG stays off, as in production."""

import os

os.environ.setdefault("SECURE_SSL_REDIRECT", "0")

from lovp.settings_test import *  # noqa: E402,F403

ROOT_URLCONF = "bench.urls"
ALLOWED_HOSTS = ["testserver", "127.0.0.1", "localhost"]
DEBUG = False
# Reminders go to the in-memory outbox: the benchmark measures building and handing over the
# e-mails, not a mail server.
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
LOGGING = {"version": 1, "disable_existing_loggers": False, "root": {"level": "ERROR"}}
TEMPLATES[0]["DIRS"] = [*TEMPLATES[0]["DIRS"], BASE_DIR / "bench" / "templates"]  # noqa: F405
