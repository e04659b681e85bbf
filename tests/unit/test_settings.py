"""Settings: defaults, environment, command line, and refusal of nonsense."""

from __future__ import annotations

import pytest
from pydantic import ValidationError

from service import cli
from service.platform.scheduling import availability
from service.platform.settings import Settings


def test_defaults_are_the_embedded_mode(monkeypatch: pytest.MonkeyPatch) -> None:
    for name in ("OFFICER_LISTEN", "OFFICER_DATABASE_URL", "OFFICER_AMQP_URL"):
        monkeypatch.delenv(name, raising=False)
    settings = Settings()
    assert settings.listen == "127.0.0.1:50051"
    assert settings.database_url == "sqlite:///officer.sqlite3"
    assert settings.amqp_url is None
    assert settings.embedded


def test_environment_is_read(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("OFFICER_LISTEN", "0.0.0.0:6000")
    monkeypatch.setenv("OFFICER_AMQP_URL", "amqp://guest:guest@localhost/")
    settings = Settings()
    assert settings.listen == "0.0.0.0:6000"
    assert not settings.embedded


def test_command_line_overrides_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("OFFICER_LISTEN", "0.0.0.0:6000")
    args = cli._parser().parse_args(["serve", "--listen", "127.0.0.1:7000"])
    assert cli._settings(args).listen == "127.0.0.1:7000"


@pytest.mark.parametrize("listen", ["50051", "localhost:", ":50051", "host:99999", "host:port"])
def test_listen_must_be_host_and_port(listen: str) -> None:
    with pytest.raises(ValidationError, match="host:port"):
        Settings(listen=listen)


def test_invalid_settings_exit_with_a_message(capsys: pytest.CaptureFixture[str]) -> None:
    assert cli.main(["serve", "--listen", "nonsense"]) == 2
    assert "invalid settings" in capsys.readouterr().err


def test_the_bus_knobs_come_from_the_environment_and_the_command_line(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("OFFICER_CONSUMER_PREFETCH", "250")
    monkeypatch.setenv("OFFICER_RELAY_WINDOW", "64")
    args = cli._parser().parse_args(
        ["serve", "--relay-window", "128", "--broker-outage-seconds", "30"]
    )
    settings = cli._settings(args)
    assert (settings.consumer_prefetch, settings.relay_window) == (250, 128)
    assert settings.broker_outage_seconds == 30
    with pytest.raises(ValidationError, match="relay_window"):
        Settings(relay_window=0)


def test_working_time_settings_are_checked_and_read(monkeypatch: pytest.MonkeyPatch) -> None:
    with pytest.raises(ValidationError, match="unknown time zone"):
        Settings(time_zone="Mars/Olympus")
    with pytest.raises(ValidationError, match="quiet hours"):
        Settings(task_quiet_hours="10pm-7am")
    monkeypatch.setenv("OFFICER_TIME_ZONE", "Asia/Urumqi")
    monkeypatch.setenv("OFFICER_TASK_QUIET_HOURS", "23:00-06:30")
    found = availability(Settings())
    assert str(found.zone) == "Asia/Urumqi"
    assert found.quiet is not None
    assert (found.quiet.start.hour, found.quiet.end.minute) == (23, 30)
    assert availability(Settings(task_quiet_hours="")).quiet is None


def test_database_threads_follow_the_database_unless_set(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("OFFICER_DATABASE_THREADS", raising=False)
    assert Settings(database_url="sqlite:///x.sqlite3").database_thread_count == 2
    assert Settings(database_url="postgresql://u@h/db").database_thread_count == 8
    assert (
        Settings(database_url="sqlite:///x.sqlite3", database_threads=5).database_thread_count == 5
    )
    monkeypatch.setenv("OFFICER_DATABASE_THREADS", "3")
    assert Settings(database_url="postgresql://u@h/db").database_thread_count == 3
    with pytest.raises(ValidationError):
        Settings(database_threads=0)
