"""Answer codes the intake code itself knows (the questions' own options are in the form)."""

OUTSIDE_AREA = "__outside__"


def label_for(choices, value) -> str:
    """The words shown for a stored choice value (the value itself when it is not a choice)."""
    return dict(choices).get(value, str(value) if value not in (None, "") else "")
