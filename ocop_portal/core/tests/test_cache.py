"""The Redis cache backend keeps one redis-py client per pool, and still works as a cache."""

import os
import uuid

import pytest

from ocop_portal.core.cache import RedisCache

REDIS_URL = os.environ.get("REDIS_URL", "redis://127.0.0.1:6379/0")


@pytest.fixture
def redis_cache():
    # A private key prefix: both xdist workers share this Redis.
    cache = RedisCache(REDIS_URL, {"KEY_PREFIX": f"test-cache-{uuid.uuid4().hex}"})
    yield cache  # never clear(): that is FLUSHDB on a Redis the other worker uses; keys expire
    cache.close()


def test_clients_are_built_once_per_pool(redis_cache):
    backend = redis_cache._cache

    assert backend.get_client(write=True) is backend.get_client(write=False)
    assert backend.get_client(write=True).connection_pool is backend._get_connection_pool(True)


def test_it_stores_reads_and_deletes_as_the_django_backend_does(redis_cache):
    redis_cache.set("page", (b"<html>", {"Content-Type": "text/html"}), timeout=30)
    redis_cache.set_many({"a": 1, "b": "hai"}, timeout=30)

    assert redis_cache.get("page") == (b"<html>", {"Content-Type": "text/html"})
    assert redis_cache.get_many(["a", "b", "missing"]) == {"a": 1, "b": "hai"}
    assert redis_cache.add("a", 2, timeout=30) is False
    assert redis_cache.incr("a") == 2

    redis_cache.delete_many(["page", "a", "b"])
    assert redis_cache.get_many(["page", "a", "b"]) == {}
