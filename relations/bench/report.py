"""The benchmark's report: every page against the trivial view, large corpus against small."""

from __future__ import annotations

import statistics

from .corpus import articles_per_second


def report(engine: str, large_sizes: dict, small_sizes: dict, results: dict, out) -> None:
    large, small = results["large"], results["small"]
    floor = statistics.median(large["times"]["trivial view"])
    out("")
    out(
        f"{engine}: {large_sizes['events']:,} events, {large_sizes['sources']:,} sources, "
        f"{large_sizes['passages']:,} passages, {large_sizes['actors']} actors, {large_sizes['citations']:,} citations"
    )
    uncached_floor = statistics.median(large["uncached"]["trivial view"])
    # The corpora are served minutes apart, and a machine's speed drifts between them (by
    # half on a busy one): the two are compared each against its own trivial view.
    small_floor = statistics.median(small["times"]["trivial view"])
    small_uncached_floor = statistics.median(small["uncached"]["trivial view"])
    out(
        "Times are per request through gunicorn; × trivial divides by the trivial view's median.\n"
        "'uncached' is the same server with the page cache off (PAGE_CACHE=0): a first visit.\n"
        "large/small and l/s compare the corpora's × trivial, each its own run's.\n"
        "queries: with nothing cached / from the page cache."
    )
    out(
        f"{'page':25} {'median ms':>9} {'p95 ms':>8} {'× trivial':>9} {'small ms':>8} {'large/small':>11} "
        f"{'uncached':>8} {'p95':>7} {'×':>6} {'small':>6} {'l/s':>5} {'queries':>7} {'KB':>6}"
    )
    for name, samples in large["times"].items():
        median, p95 = median_p95(samples)
        small_median = statistics.median(small["times"][name])
        cold, cold_p95 = median_p95(large["uncached"][name])
        cold_small = statistics.median(small["uncached"][name])
        queries = "/".join(str(n) for n in large["queries"].get(name, []))
        out(
            f"{name:25} {median:9.2f} {p95:8.2f} {median / floor:9.2f} {small_median:8.2f} "
            f"{(median / floor) / (small_median / small_floor):11.2f} {cold:8.2f} {cold_p95:7.2f} "
            f"{cold / uncached_floor:6.1f} {cold_small:6.2f} "
            f"{(cold / uncached_floor) / (cold_small / small_uncached_floor):5.2f} "
            f"{queries:>7} {large['sizes'][name] / 1024:6.1f}"
        )
    for name, seconds in large["exports"].items():
        out(
            f"export {name:17} {large['events'] / seconds:,.0f} events/s ({large['events']:,} events in {seconds:.2f} s)"
        )
    out(
        f"loading: {articles_per_second():.0f} seed-sized articles/s on one core (clean, split, find dates)"
    )


def median_p95(samples: list[float]) -> tuple[float, float]:
    median = statistics.median(samples)
    return median, statistics.quantiles(samples, n=20)[-1] if len(samples) > 1 else median
