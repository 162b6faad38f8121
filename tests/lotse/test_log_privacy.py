"""A client's malformed socket.io request does not put a stack trace into the log."""

import logging

from lotse import log_privacy


def test_a_refused_socketio_request_is_one_line(caplog):
    log_privacy.install()
    logger = logging.getLogger("engineio.server")
    try:
        raise ValueError("Too many packets in payload")
    except ValueError:
        with caplog.at_level(logging.WARNING, logger="engineio.server"):
            logger.exception("post request handler error")
    [record] = caplog.records
    assert record.exc_info is None and record.levelname == "WARNING"
    assert "Traceback" not in caplog.text and "ValueError" in caplog.text
