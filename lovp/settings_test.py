"""Test settings: the real settings, against PostgreSQL and Redis, with overrides for speed only."""

import os

os.environ.setdefault("SECRET_KEY", "tests-only-secret-key-not-used-anywhere-else")
os.environ.setdefault("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/lovp")
os.environ.setdefault("CELERY_BROKER_URL", os.environ.get("REDIS_URL", "redis://127.0.0.1:6379/15"))
os.environ.setdefault("SECURE_SSL_REDIRECT", "0")

from lovp.settings import *  # noqa: E402,F403

# PBKDF2 stays so the demo users of fixtures/ (hashed with it) can log in.
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.MD5PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
# Django's test client logs in with authenticate() without a request (client.login()), which
# django-axes refuses; tests/test_security.py turns axes on to prove the lock-out.
AXES_ENABLED = False
# The in-memory outbox, unless EMAIL_URL is set: the Celery worker processes started by
# tests/test_celery_worker.py deliver to a real (local) SMTP server through lovp/settings.py.
if not os.environ.get("EMAIL_URL"):
    EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
STORAGES["staticfiles"]["BACKEND"] = "django.contrib.staticfiles.storage.StaticFilesStorage"  # noqa: F405
WHITENOISE_USE_FINDERS = True
