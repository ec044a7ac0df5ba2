"""What read replicas cost a request before it reads anything: archive.routing's middleware.

``.venv/bin/python -m bench.routing_overhead`` times, side by side in one process, a bare view
call, the same call through ReplicaReadsMiddleware with two replicas (lag probe stubbed: no
database), and routing.read_alias() outside a request (all the PostgreSQL search backend adds
when no replica is configured). Median of 3 runs of best-of-5 repeats, microseconds per call.
"""

from __future__ import annotations

import os
import statistics
import timeit

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "archive.settings")

import django  # noqa: E402

django.setup()

from django.conf import settings  # noqa: E402
from django.http import HttpResponse  # noqa: E402
from django.test import RequestFactory  # noqa: E402

from archive import routing  # noqa: E402

CALLS = 20_000


def microseconds(call) -> float:
    best = [min(timeit.repeat(call, number=CALLS, repeat=5)) / CALLS * 1e6 for _ in range(3)]
    return statistics.median(best)


def main() -> None:
    settings.DATABASE_REPLICA_ALIASES = ["replica1", "replica2"]
    routing.health = routing.ReplicaHealth(lambda alias: 0.0)
    request = RequestFactory().get("/search/?q=investment")
    response = HttpResponse()

    def view(request):
        return response

    middleware = routing.ReplicaReadsMiddleware(view)
    bare = microseconds(lambda: view(request))
    routed = microseconds(lambda: middleware(request))
    print(f"view alone:                          {bare:8.3f} us")
    print(f"through the middleware, 2 replicas:  {routed:8.3f} us  (+{routed - bare:.3f} us)")
    print(f"read_alias() outside a request:      {microseconds(routing.read_alias):8.3f} us")


if __name__ == "__main__":
    main()
