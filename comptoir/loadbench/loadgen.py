"""The load generator: GET one URL from several threads for a bounded time.

Run as a separate process by `bench_load` (so that its own CPU time is not the
server's), with no Django import:

    python -m comptoir.loadbench.loadgen --port 8000 --path /healthz \\
        --seconds 10 --concurrency 8 [--cookie "sessionid=…"] [--header "HX-Request: true"]

Each thread keeps its own HTTP/1.1 connection (keep-alive when the server
allows it; gunicorn's sync workers close it after each response, and the
thread reconnects). A warm-up of `--warmup` seconds is not counted; each
thread then measures at least one request, even past the deadline. Any
answer other than 200, and any connection error, is an error. Prints one JSON
object: requests, errors (by status or exception), requests per second,
latencies (p50, p95, max, in milliseconds) and the mean body size.
"""

import argparse
import http.client
import json
import sys
import threading
import time


def percentile(sorted_values: list[float], fraction: float) -> float:
    """Nearest-rank percentile of an already sorted list (0 when empty)."""
    if not sorted_values:
        return 0.0
    rank = max(1, round(fraction * len(sorted_values) + 0.5))
    return sorted_values[min(rank, len(sorted_values)) - 1]


class Worker(threading.Thread):
    def __init__(self, *, host, port, path, headers, timeout, warmup_until, stop_at) -> None:
        super().__init__(daemon=True)
        self.host, self.port, self.path = host, port, path
        self.headers = headers
        self.timeout = timeout
        self.warmup_until = warmup_until
        self.stop_at = stop_at
        self.latencies: list[float] = []
        self.errors: dict[str, int] = {}
        self.bytes = 0

    def run(self) -> None:
        connection = http.client.HTTPConnection(self.host, self.port, timeout=self.timeout)
        while True:
            started = time.perf_counter()
            # Past the deadline, stop; but every thread measures at least one
            # request, so a page slower than the window is still measured.
            measured = len(self.latencies) + sum(self.errors.values())
            if started >= self.stop_at and (measured or started >= self.stop_at + self.timeout):
                break
            error = None
            try:
                connection.request("GET", self.path, headers=self.headers)
                response = connection.getresponse()
                body = response.read()
                if response.status != 200:
                    error = str(response.status)
                if response.will_close:
                    connection.close()
            except (OSError, http.client.HTTPException) as exc:
                error = type(exc).__name__
                body = b""
                connection.close()
            ended = time.perf_counter()
            if started < self.warmup_until:
                continue  # begun during the warm-up: not counted
            if error:
                self.errors[error] = self.errors.get(error, 0) + 1
            else:
                self.latencies.append(ended - started)
                self.bytes += len(body)
        connection.close()


def run(*, host, port, path, seconds, concurrency, warmup, headers, timeout=120.0) -> dict:
    start = time.perf_counter()
    warmup_until = start + warmup
    stop_at = warmup_until + seconds
    workers = [
        Worker(
            host=host,
            port=port,
            path=path,
            headers=headers,
            timeout=timeout,
            warmup_until=warmup_until,
            stop_at=stop_at,
        )
        for _ in range(concurrency)
    ]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join()
    # Requests still running at the deadline finish and count: the window is
    # from the end of the warm-up to the last answer.
    elapsed = max(time.perf_counter() - warmup_until, 1e-9)
    latencies = sorted(latency for worker in workers for latency in worker.latencies)
    errors: dict[str, int] = {}
    for worker in workers:
        for key, count in worker.errors.items():
            errors[key] = errors.get(key, 0) + count
    ok = len(latencies)
    return {
        "path": path,
        "requests": ok,
        "errors": errors,
        "error_count": sum(errors.values()),
        "seconds": elapsed,
        "rps": ok / elapsed,
        "p50_ms": percentile(latencies, 0.50) * 1000,
        "p95_ms": percentile(latencies, 0.95) * 1000,
        "max_ms": (latencies[-1] if latencies else 0.0) * 1000,
        "mean_bytes": sum(worker.bytes for worker in workers) / ok if ok else 0,
        "concurrency": concurrency,
    }


def parse_header(value: str) -> tuple[str, str]:
    name, _sep, content = value.partition(":")
    if not name.strip() or not _sep:
        raise argparse.ArgumentTypeError(f"not a header: {value!r}")
    return name.strip(), content.strip()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, required=True)
    parser.add_argument("--path", required=True)
    parser.add_argument("--seconds", type=float, default=10.0)
    parser.add_argument("--concurrency", type=int, default=8)
    parser.add_argument("--warmup", type=float, default=1.0)
    parser.add_argument("--timeout", type=float, default=120.0)
    parser.add_argument("--cookie", default="")
    parser.add_argument("--header", action="append", type=parse_header, default=[])
    options = parser.parse_args(argv)
    headers = {"Host": f"{options.host}:{options.port}", "Accept-Encoding": "identity"}
    headers.update(dict(options.header))
    if options.cookie:
        headers["Cookie"] = options.cookie
    result = run(
        host=options.host,
        port=options.port,
        path=options.path,
        seconds=options.seconds,
        concurrency=max(options.concurrency, 1),
        warmup=max(options.warmup, 0.0),
        headers=headers,
        timeout=options.timeout,
    )
    json.dump(result, sys.stdout)
    sys.stdout.write("\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
