"""The benchmark and the load test (`make bench`, `make loadtest`); never imported by the app.

- `corpus`: generated corpora shaped like the seeds, one database each;
- `servers`: gunicorn and plain static-file servers on 127.0.0.1;
- `measure`: every main page timed, interleaved, with its queries counted;
- `browser`: Chromium's first paint, against a static page and TimelineJS;
- `report`: the table `make bench` prints;
- `loadtest`: a bounded load while a curator writes.
"""
