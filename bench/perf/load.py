"""An HTTP load generator in its own process: `python -m bench.perf.load BASE_URL SECONDS CLIENTS`.

CLIENTS threads each send the query mix to BASE_URL/api/search in a loop (a closed loop: the
next request goes when the previous answer is in) for SECONDS, then one JSON line is printed:
{"latencies_ms": [...], "errors": n, "seconds": s}. An error is a failed connection or any
status other than 200.
"""

from __future__ import annotations

import http.client
import json
import sys
import threading
from time import perf_counter
from urllib.parse import urlencode, urlsplit

from bench.perf.pages import MIX


def run(base_url: str, seconds: float, clients: int) -> dict[str, object]:
    parts = urlsplit(base_url)
    paths = [f"/api/search?{urlencode(query.params())}" for query in MIX]
    latencies: list[float] = []
    errors = [0]
    lock = threading.Lock()
    deadline = perf_counter() + seconds

    def client(offset: int) -> None:
        n = offset
        while perf_counter() < deadline:
            path = paths[n % len(paths)]
            n += 1
            started = perf_counter()
            try:
                connection = http.client.HTTPConnection(parts.hostname, parts.port, timeout=30)
                connection.request("GET", path)
                response = connection.getresponse()
                response.read()
                connection.close()
                ok = response.status == 200
            except OSError:
                ok = False
            elapsed = (perf_counter() - started) * 1000
            with lock:
                if ok:
                    latencies.append(elapsed)
                else:
                    errors[0] += 1

    started = perf_counter()
    threads = [threading.Thread(target=client, args=(i * 5,)) for i in range(clients)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return {"latencies_ms": latencies, "errors": errors[0], "seconds": perf_counter() - started}


if __name__ == "__main__":
    url, seconds, clients = sys.argv[1], float(sys.argv[2]), int(sys.argv[3])
    print(json.dumps(run(url, seconds, clients)))
