"""Builder forms: print options (through the shared macros) and saving a named packet."""

from __future__ import annotations

from wtforms import BooleanField, RadioField, StringField, TextAreaField
from wtforms.validators import Length, Optional

from portal.inputs import PortalForm

PAPER_CHOICES = [("", "Practice default"), ("letter", "US Letter"), ("a4", "A4")]


class BuilderForm(PortalForm):
    """Search words, print options and an optional packet name, posted together."""

    q = StringField("Search the shelf", validators=[Optional(), Length(max=200)])
    paper = RadioField("Paper size", choices=PAPER_CHOICES, default="")
    large_print = BooleanField("Large print (body text at 17 point)")
    show_for_line = BooleanField("Add a \u201cFor:\u201d line to write a name on")
    client_name = StringField(
        "Client\u2019s name (optional)",
        validators=[
            Optional(),
            Length(max=80, message="Client\u2019s name must be 80 characters or fewer"),
        ],
    )
    note = TextAreaField(
        "A note from you (optional)",
        validators=[Optional(), Length(max=800, message="Note must be 800 characters or fewer")],
    )
    notes_page = BooleanField("Add a blank notes page")
    fillable = BooleanField(
        "Fillable PDF: the reflection questions and notes page can be typed into"
    )
    packet_title = StringField(
        "Cover title for a packet",
        validators=[
            Optional(),
            Length(max=120, message="Cover title must be 120 characters or fewer"),
        ],
    )
    packet_name = StringField(
        "Name to save this packet as",
        validators=[
            Optional(),
            Length(max=120, message="Packet name must be 120 characters or fewer"),
        ],
    )


class DeletePacketForm(PortalForm):
    """Only the CSRF token: deleting a saved packet is a POST."""
