# perfapp production image: gunicorn + whitenoise for the web, the same image for Celery worker and beat.
# Build: docker compose build   (see README.md, "docker compose")

# --- front-end packages from package-lock.json (bootstrap, htmx.org, echarts) ---------------------
FROM node:22-bookworm-slim AS assets
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --ignore-scripts --no-audit --no-fund

# --- application ------------------------------------------------------------------------------------
FROM python:3.11-slim-bookworm

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1

# WeasyPrint needs Pango and HarfBuzz (subset: without it every CJK PDF takes ~9 s longer);
# without fonts-noto-cjk Chinese PDFs print empty boxes; gettext compiles the catalogues.
RUN apt-get update \
    && apt-get install -y --no-install-recommends \
        libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0 fonts-noto-cjk gettext \
    && rm -rf /var/lib/apt/lists/*

WORKDIR /app

# The lock file is what gets installed: the image has the same versions as every other machine.
COPY requirements.lock ./
RUN pip install uv && uv pip install --system --no-cache -r requirements.lock

COPY --from=assets /app/node_modules ./node_modules
COPY . .

# Translations and static files are built into the image (whitenoise serves var/static with
# hashed, compressed names). The key below exists only for these two build commands.
RUN SECRET_KEY=build-only-not-a-secret python manage.py compilemessages --ignore=node_modules -v 0 \
    && SECRET_KEY=build-only-not-a-secret python manage.py collectstatic --noinput -v 0

RUN useradd --system --uid 1000 --home-dir /app perfapp \
    && mkdir -p var/media \
    && chown -R perfapp:perfapp var
USER perfapp

EXPOSE 8000
CMD ["gunicorn", "perfapp.wsgi", "--bind", "0.0.0.0:8000", "--workers", "3", "--access-logfile", "-"]
