# LOVP-besluitvolger, production image: gunicorn for the web, the same image for Celery worker/beat.
FROM python:3.11-slim

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1 \
    DJANGO_SETTINGS_MODULE=lovp.settings

WORKDIR /app

# xstatic-bootstrap (Bootstrap served by the app itself, no CDN) only ships an sdist whose setup.py
# needs pkg_resources: build it without isolation against setuptools<81, as the Makefile does.
RUN pip install --upgrade pip "setuptools<81" wheel \
 && pip install --no-build-isolation "xstatic-bootstrap>=5.3,<5.4"

# Dependencies first (pyproject.toml installs no package of its own: packages = []), so a code
# change does not reinstall them.
COPY pyproject.toml ./
RUN pip install --no-build-isolation .

COPY . .

# Static files into var/static (served by WhiteNoise). Settings refuse to load without SECRET_KEY
# when DEBUG is off; this throwaway key exists only for this build step.
RUN SECRET_KEY=collectstatic-build-only-not-a-secret python manage.py collectstatic --noinput

RUN useradd --system --create-home --home-dir /home/lovp lovp \
 && mkdir -p var/celery \
 && chown -R lovp:lovp var
USER lovp

EXPOSE 8000
CMD ["gunicorn", "lovp.wsgi:application", "--bind", "0.0.0.0:8000", "--workers", "3", "--access-logfile", "-"]
