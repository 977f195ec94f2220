"""The deadline load mix (issue 7), run headless by benchmarks/load.py against gunicorn on 127.0.0.1.

Weights: 45 % self-evaluation form GET, 25 % draft save (保存, the same save_inputs path as
报送), 15 % lists, 5 % dashboard, 5 % evidence upload, 5 % export/PDF enqueue. Every locust user
is one unit officer with its own self-evaluation (no two users edit the same form) and borrows
the finance admin's session for the lists, the dashboard and the exports. The plan (sessions,
URLs) comes from the JSON file named by BENCH_PLAN; BENCH_MODE=trivial requests /healthz only
(the same stack's trivial endpoint). The run stops after BENCH_MAX_REQUESTS requests or its -t.
"""

from __future__ import annotations

import itertools
import json
import os
import re

from locust import HttpUser, between, events, task

PLAN = json.loads(open(os.environ["BENCH_PLAN"], encoding="utf-8").read())
MODE = os.environ.get("BENCH_MODE", "mix")
MAX_REQUESTS = int(os.environ.get("BENCH_MAX_REQUESTS", "5000"))
_slots = itertools.cycle(PLAN["units"])
_TOKEN = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')
_VERSION = re.compile(r'name="version" value="(\d+)"')
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


@events.request.add_listener
def _stop_when_enough(**_kwargs):
    runner = _stop_when_enough.runner
    if runner is not None and runner.stats.total.num_requests >= MAX_REQUESTS:
        runner.quit()


_stop_when_enough.runner = None


@events.init.add_listener
def _on_init(environment, **_kwargs):
    _stop_when_enough.runner = environment.runner


class Trivial(HttpUser):
    wait_time = between(0, 0)
    weight = 1 if MODE == "trivial" else 0

    @task
    def healthz(self):
        self.client.get("/healthz", name="/healthz")


class DeadlineUser(HttpUser):
    """A unit officer at the self-evaluation deadline, plus the finance pages around it."""

    wait_time = between(0, 0)
    weight = 0 if MODE == "trivial" else 1

    def on_start(self):
        self.slot = next(_slots)
        self.form_url = f"/evaluation/self/{self.slot['pk']}/"
        self.csrf = ""

    def _as(self, session: str) -> dict:
        """Cookies of one request: who it is sent as, never what an earlier response left in
        the jar (the unit's and the admin's sessions would be sent together)."""
        self.client.cookies.clear()
        cookies = {"sessionid": session}
        if self.csrf:
            cookies["csrftoken"] = self.csrf
        return cookies

    def _unit(self) -> dict:
        return self._as(self.slot["session"])

    def _admin(self) -> dict:
        return self._as(PLAN["admin_session"])

    def _form(self):
        with self.client.get(
            self.form_url, name="form GET", cookies=self._unit(), catch_response=True
        ) as response:
            if response.status_code != 200:
                response.failure(f"status {response.status_code}")
                return None
            self.csrf = response.cookies.get("csrftoken") or self.csrf
            return response.text

    @task(45)
    def form_get(self):
        self._form()

    @task(25)
    def draft(self):
        html = self._form()
        if html is None:
            return
        data = dict(self.slot["fields"])
        data["csrfmiddlewaretoken"] = _TOKEN.search(html).group(1)
        version = _VERSION.search(html)
        if version:
            data["version"] = version.group(1)
        data["action"] = "save"
        with self.client.post(
            self.form_url,
            data=data,
            headers={"Referer": PLAN["base"] + self.form_url},
            name="draft save",
            cookies=self._unit(),
            allow_redirects=False,
            catch_response=True,
        ) as response:
            if response.status_code != 302:
                response.failure(f"status {response.status_code}")

    @task(15)
    def lists(self):
        url = PLAN["lists"][self.environment.runner.stats.total.num_requests % len(PLAN["lists"])]
        self.client.get(url, name="list", cookies=self._admin())

    @task(5)
    def dashboard(self):
        self.client.get(PLAN["dashboard"], name="dashboard", cookies=self._admin())

    @task(5)
    def upload(self):
        html = self._form()
        if html is None:
            return
        token = _TOKEN.search(html).group(1)
        with self.client.post(
            f"/evaluation/self/{self.slot['pk']}/evidence/",
            data={"csrfmiddlewaretoken": token, "row": self.slot["row"]},
            files={"file": ("佐证材料.pdf", PDF, "application/pdf")},
            headers={"Referer": PLAN["base"] + self.form_url},
            name="evidence upload",
            cookies=self._unit(),
            allow_redirects=False,
            catch_response=True,
        ) as response:
            if response.status_code not in (200, 302):
                response.failure(f"status {response.status_code}")

    @task(5)
    def export(self):
        with self.client.get(
            PLAN["export"],
            name="export enqueue",
            cookies=self._admin(),
            allow_redirects=False,
            catch_response=True,
        ) as response:
            if response.status_code not in (200, 302):
                response.failure(f"status {response.status_code}")
