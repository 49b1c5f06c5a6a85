# syntax=docker/dockerfile:1
# One image for every secrelease process: web (gunicorn), worker and beat (Celery), and the
# one-shot migrate. docker-compose.yml says which runs where.

# Front-end libraries from the npm registry (never a CDN), as `make run` gets them.
FROM node:20-bookworm-slim AS assets
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund

FROM python:3.11-slim-bookworm
ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1

# What WeasyPrint loads at run time: Pango with HarfBuzz and fontconfig, and a font to render with.
RUN apt-get update \
    && apt-get install -y --no-install-recommends \
        libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0 fonts-dejavu-core shared-mime-info \
    && rm -rf /var/lib/apt/lists/*
RUN useradd --system --user-group --uid 10001 --home-dir /app app

WORKDIR /app
# The dependencies pyproject.toml pins, in their own layer: a code change does not reinstall them.
COPY pyproject.toml ./
RUN python -c "import tomllib; print('\n'.join(tomllib.load(open('pyproject.toml', 'rb'))['project']['dependencies']))" > /tmp/requirements.txt \
    && pip install -r /tmp/requirements.txt \
    && rm /tmp/requirements.txt
COPY . .
COPY --from=assets /app/node_modules ./node_modules
# Editable, so BASE_DIR (templates, static) stays /app.
RUN pip install --no-deps -e .

ENV DJANGO_SETTINGS_MODULE=secrelease.settings.production \
    SECRELEASE_VAR_DIR=/app/var \
    STATIC_ROOT=/app/staticfiles \
    MEDIA_ROOT=/data/media
# Static files are collected into the image (whitenoise serves them). Production settings insist
# on a SECRET_KEY; this one exists only for this build step and is not in the final environment.
RUN SECRET_KEY=collectstatic-at-build-time-only python manage.py collectstatic --noinput -v 0 \
    && mkdir -p /app/var /data/media \
    && chown app:app /app/var /data/media

USER app
EXPOSE 8000
CMD ["gunicorn", "secrelease.wsgi", "--bind", "0.0.0.0:8000", "--workers", "3", "--access-logfile", "-"]
