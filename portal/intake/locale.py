"""Country conventions for the intake: date order, postcode or ZIP, phone examples."""

from __future__ import annotations

from dataclasses import dataclass

from flask_babel import lazy_gettext as _l


@dataclass(frozen=True)
class Conventions:
    """How a country writes dates, postal codes and phone numbers on a form."""

    date_order: tuple[str, ...]
    date_example: str  # each a lazy string, in the visitor's language when shown
    region_label: str
    region_message: str
    phone_example: str


US = Conventions(
    date_order=("dob_month", "dob_day", "dob_year"),
    date_example=_l("For example, 3 27 1990 (month, day, year)"),
    region_label=_l("City, state or ZIP code"),
    region_message=_l("Enter your city, state or ZIP code"),
    phone_example=_l("For example, (555) 013-4222. Include the country code if you live abroad."),
)
UK = Conventions(
    date_order=("dob_day", "dob_month", "dob_year"),
    date_example=_l("For example, 27 3 1990"),
    region_label=_l("Town or postcode"),
    region_message=_l("Enter your town or postcode"),
    phone_example=_l(
        "For example, 01632 960 001 or 07700 900 982. Include the country code if you live abroad."
    ),
)
BY_COUNTRY = {"US": US, "UK": UK}


def country_of(practice) -> str:
    """The practice's country setting (US when it is not one we know)."""
    country = getattr(practice, "country", None)
    return country if country in BY_COUNTRY else "US"


def conventions(practice) -> Conventions:
    """The form conventions of the practice's country (US when it is not known)."""
    return BY_COUNTRY[country_of(practice)]
