"""Times to protobuf: the module counts a Timestamp from the epoch itself (it is
a third of a feed page's cost through FromDatetime); it must say the same."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone

from google.protobuf import timestamp_pb2
from hypothesis import given
from hypothesis import strategies as st

from service.platform import wire


def _protobuf_own(moment: datetime) -> timestamp_pb2.Timestamp:
    stamp = timestamp_pb2.Timestamp()
    stamp.FromDatetime(moment)
    return stamp


@given(
    st.datetimes(
        min_value=datetime(1, 1, 2),
        max_value=datetime(9999, 12, 30),
        timezones=st.sampled_from(
            [UTC, timezone(timedelta(hours=8)), timezone(-timedelta(hours=5))]
        ),
    )
)
def test_an_aware_time_is_the_timestamp_from_datetime_makes(moment: datetime) -> None:
    assert wire.timestamp(moment) == _protobuf_own(moment)


@given(st.datetimes(min_value=datetime(1, 1, 1), max_value=datetime(9999, 12, 31, 23, 59, 59)))
def test_a_naive_time_is_taken_as_utc_as_from_datetime_does(moment: datetime) -> None:
    assert wire.timestamp(moment) == _protobuf_own(moment)
    assert wire.timestamp(moment) == wire.timestamp(moment.replace(tzinfo=UTC))


def test_before_the_epoch_the_nanos_stay_positive() -> None:
    stamp = wire.timestamp(datetime(1969, 12, 31, 23, 59, 59, 250_000, tzinfo=UTC))
    assert (stamp.seconds, stamp.nanos) == (-1, 250_000_000)
