"""Named packets (an ordered list of slugs and print options) the therapist saves and reuses."""

from __future__ import annotations

from sqlalchemy import select

from portal.db import db
from portal.models import Packet
from portal.security import audit

# Personal fields (client name, note) are never saved with a packet.
SAVED_OPTIONS = (
    "paper",
    "large_print",
    "show_for_line",
    "notes_page",
    "fillable",
    "packet_title",
)


class PacketError(ValueError):
    """A packet could not be saved; the message says what to change."""


def list_packets() -> list[Packet]:
    """Saved packets by name."""
    return list(db.session.scalars(select(Packet).order_by(Packet.name)))


def get_packet(packet_id: int) -> Packet | None:
    """One saved packet, or None."""
    return db.session.get(Packet, packet_id)


def save_packet(name: str, slugs: list[str], options: dict, actor_id: int | None) -> Packet:
    """Create the named packet, or replace its articles and options if the name exists."""
    name = " ".join(name.split())
    if not name:
        raise PacketError("Enter a name for the packet, for example \u201cFirst session\u201d")
    if not slugs:
        raise PacketError("Choose at least one article before saving a packet")
    packet = db.session.scalar(select(Packet).where(Packet.name == name))
    if packet is None:
        packet = Packet(name=name, created_by_id=actor_id)
        db.session.add(packet)
    packet.slugs = list(dict.fromkeys(slugs))
    packet.options = {k: options[k] for k in SAVED_OPTIONS if k in options}
    db.session.flush()
    audit.record("packet.save", actor_id, "packet", packet.id)
    return packet


def delete_packet(packet: Packet, actor_id: int | None) -> None:
    """Remove a saved packet (the articles stay on the shelf)."""
    audit.record("packet.delete", actor_id, "packet", packet.id)
    db.session.delete(packet)
