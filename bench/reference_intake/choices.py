"""Pinned copy of the fixed answer choices of the hand-written intake pages."""

YES_NO = (("yes", "Yes"), ("no", "No"))
CONTACT_METHODS = (("email", "Email"), ("phone", "Phone call"), ("text", "Text message"))
MODES = (("in_person", "In person"), ("online", "Online"), ("either", "Either is fine"))
AVAILABILITY = (
    ("weekday_morning", "Weekday mornings"),
    ("weekday_afternoon", "Weekday afternoons"),
    ("weekday_evening", "Weekday evenings"),
    ("weekend", "Weekends"),
)
PAYMENT = (
    ("self_pay", "I will pay myself"),
    ("insurance", "Through my insurance"),
    ("not_sure", "I am not sure yet"),
)
HEARD_FROM = (
    ("search", "An internet search"),
    ("directory", "A therapist directory"),
    ("doctor", "My doctor or another professional"),
    ("friend", "A friend or family member"),
    ("other", "Somewhere else"),
    ("prefer_not", "Prefer not to say"),
)
OUTSIDE_AREA = "__outside__"


def label_for(choices, value) -> str:
    """The words shown for a stored choice value (the value itself when it is not a choice)."""
    return dict(choices).get(value, str(value) if value not in (None, "") else "")
