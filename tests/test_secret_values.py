"""Redaction by value: a remembered secret never survives in text or in a log record."""

from __future__ import annotations

import logging

from privacam import secret_values


def test_a_secret_is_redacted_wherever_it_stands_in_a_url() -> None:
    secret_values.remember("REDACT_TEST_TOKEN", "t0k/en+val=ue")
    url = "rtsp://u:t0k/en+val=ue@h/s?token=t0k%2Fen%2Bval%3Due&alt=t0k%2Fen%2Bval%3Due"
    shown = secret_values.redact(f"cannot open {url}")
    assert "t0k" not in shown
    assert shown.count("${REDACT_TEST_TOKEN}") == 3


def test_values_too_short_to_redact_safely_are_left_alone() -> None:
    secret_values.remember("REDACT_TEST_SHORT", "ab1")
    assert secret_values.redact("cab1 tab1") == "cab1 tab1"


def test_query_parameters_named_like_secrets_are_masked_when_written_literally() -> None:
    mask = secret_values.mask_query_secrets
    assert mask("rtsp://h/s?token=abc&ch=1") == "rtsp://h/s?token=***&ch=1"
    assert mask("postgresql://h/db?sslkey=/k.pem&password=pw") == (
        "postgresql://h/db?sslkey=/k.pem&password=***"
    )
    assert mask("rtsp://h/s?auth=${CAM_AUTH}") == "rtsp://h/s?auth=${CAM_AUTH}"
    assert secret_values.literal_query_secrets("h?api_key=1&key=${K}&monkey=2&sig=x") == [
        "api_key",
        "sig",
    ]


def test_every_log_record_is_redacted_once_the_factory_is_installed(caplog) -> None:
    secret_values.remember("REDACT_TEST_LOG", "log-secret-481")
    previous = logging.getLogRecordFactory()
    secret_values.redact_log_records()
    secret_values.redact_log_records()  # idempotent
    try:
        logger = logging.getLogger("privacam.test.anywhere")
        with caplog.at_level(logging.INFO, logger=logger.name):
            logger.info("connecting to %s", "rtsp://h/s?token=log-secret-481")
            try:
                raise RuntimeError("failed with log-secret-481")
            except RuntimeError:
                logger.exception("stream failed")
        assert "log-secret-481" not in caplog.text
        assert "token=${REDACT_TEST_LOG}" in caplog.text
        assert "failed with ${REDACT_TEST_LOG}" in caplog.text
    finally:
        logging.setLogRecordFactory(previous)
