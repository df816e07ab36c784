"""The benchmark suite (issue 9): a national-scale dataset, a load run against gunicorn, query
counts and plans, report timings. See bench/README.md."""
