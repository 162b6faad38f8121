"""The moving window lets a client write again once its oldest messages are a window old, and
a forwarded address counts only when a trusted proxy forwarded it."""

import ipaddress

import pytest

from lotse.rate_limits import MessageLimits, Rate
from lotse_common.limits import MovingWindow


def test_the_window_moves():
    window, rate = MovingWindow(), Rate.parse("2/minute")
    assert [window.hit("k", rate, now=t) for t in (0, 1, 2)] == [True, True, False]
    assert window.hit("k", rate, now=59) is False  # the first hit is not a minute old yet
    assert window.hit("k", rate, now=60.5) is True
    assert window.hit("other", rate, now=2) is True  # keys are counted apart


def test_rates_are_read_from_settings_text():
    assert Rate.parse("30/minute") == Rate(30, 60.0)
    with pytest.raises(ValueError):
        Rate.parse("thirty a minute")


def test_only_a_trusted_proxy_is_believed():
    limits = MessageLimits(Rate(5, 60), Rate(5, 60),
                           trusted_proxies=[ipaddress.ip_network("10.0.0.2")])
    assert limits.client("10.0.0.2", "203.0.113.7, 10.0.0.2") == "203.0.113.7"
    # anyone else claiming to forward for someone is counted as themselves
    assert limits.client("198.51.100.9", "203.0.113.7") == "198.51.100.9"


def test_a_range_of_proxies_is_trusted_as_a_whole():
    # Kubernetes: the ingress controller's pods get changing addresses from one range
    limits = MessageLimits(Rate(5, 60), Rate(5, 60),
                           trusted_proxies=[ipaddress.ip_network("10.42.0.0/16")])
    assert limits.client("10.42.3.17", "203.0.113.7, 10.42.0.5") == "203.0.113.7"
    assert limits.client("::ffff:10.42.3.17", "203.0.113.7") == "203.0.113.7"
    # outside the range, and a forged hop that is no address, count as themselves
    assert limits.client("10.43.0.1", "203.0.113.7") == "10.43.0.1"
    assert limits.client("10.42.3.17", "203.0.113.7, unknown") == "unknown"
