"""Times in the practice's own zone: storage stays naive UTC, people read local time."""

from __future__ import annotations

from datetime import UTC, date, datetime
from functools import cache
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError, available_timezones

COUNTRY_ZONES = {"US": "America/New_York", "UK": "Europe/London"}
COUNTRIES = [("US", "United States"), ("UK", "United Kingdom")]
# Region names people pick from; legacy aliases ("US/Eastern", "GB") and POSIX files stay out.
REGIONS = (
    "Africa/",
    "America/",
    "Antarctica/",
    "Asia/",
    "Atlantic/",
    "Australia/",
    "Europe/",
    "Indian/",
    "Pacific/",
)


def zone_for_country(country: str | None) -> str:
    """The usual zone of a country's practice (New York for the US, London for the UK)."""
    return COUNTRY_ZONES.get(country or "", COUNTRY_ZONES["US"])


@cache
def zone_names() -> tuple[str, ...]:
    """Every IANA zone name a practice may choose, sorted, plus UTC."""
    names = sorted(n for n in available_timezones() if n.startswith(REGIONS))
    return (*names, "UTC")


def zone_choices() -> list[tuple[str, str]]:
    """(value, label) pairs for the zone select: "America/New_York" reads "America/New York"."""
    return [(name, name.replace("_", " ")) for name in zone_names()]


def is_zone(name: str | None) -> bool:
    """True when `name` is one of the zones offered (so a stored value always loads)."""
    return bool(name) and name in zone_names()


def practice_zone(practice=None) -> ZoneInfo:
    """The zone of the practice (this request's when not given); New York if unset or unknown."""
    if practice is None:
        from portal.practice import get_practice

        practice = get_practice()
    name = getattr(practice, "time_zone", None)
    if not is_zone(name):
        name = zone_for_country(getattr(practice, "country", None))
    try:
        return ZoneInfo(name)
    except ZoneInfoNotFoundError:
        return ZoneInfo("UTC")


def to_local(value: datetime, practice=None) -> datetime:
    """A stored naive-UTC time as an aware time in the practice's zone."""
    aware = value if value.tzinfo else value.replace(tzinfo=UTC)
    return aware.astimezone(practice_zone(practice))


def zone_label(local: datetime) -> str:
    """The zone abbreviation ("EST", "BST"); numeric ones read "UTC+04"."""
    name = local.tzname() or ""
    return f"UTC{name}" if name[:1] in "+-" else name


def local_time(value, practice=None, seconds: bool = False) -> str:
    """A stored UTC time as "2 Dec 2026, 09:15 EST" in the practice's zone; dates stay dates."""
    if value is None or value == "":
        return ""
    if not isinstance(value, datetime):
        return f"{value.day} {value:%b %Y}"
    local = to_local(value, practice)
    clock = f"{local:%H:%M:%S}" if seconds else f"{local:%H:%M}"
    return f"{local.day} {local:%b %Y}, {clock} {zone_label(local)}"


def local_date(value, practice=None) -> str:
    """The day a stored UTC time fell on where the practice is, as "2 Dec 2026"."""
    if value is None:
        return ""
    return local_time(to_local(value, practice).date() if isinstance(value, datetime) else value)


def zone_display_name(practice=None) -> str:
    """The practice's zone as people read it: "America/New York"."""
    return str(practice_zone(practice)).replace("_", " ")


def utc_start_of(day: date, practice=None) -> datetime:
    """The naive-UTC instant the practice's local day begins (for "from/to date" filters)."""
    midnight = datetime.combine(day, datetime.min.time(), tzinfo=practice_zone(practice))
    return midnight.astimezone(UTC).replace(tzinfo=None)


def local_today(practice=None) -> date:
    """Today's date where the practice is (a handout given at 8 pm in New York is not tomorrow)."""
    return datetime.now(UTC).astimezone(practice_zone(practice)).date()
