"""Field encryption with AES-GCM and a key ring, so keys can rotate without re-encrypting at once.

Ciphertext format: "v1.<key id>.<base64url(nonce + ciphertext)>". The key id picks the key to
decrypt with; new values always use the first key of PORTAL_ENCRYPTION_KEYS.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import os
from typing import Any

from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from flask import current_app


class KeyRingError(RuntimeError):
    """The configured keys are malformed or a value was encrypted with a key we no longer have."""


def parse_key_ring(spec: str) -> list[tuple[str, bytes]]:
    """Parse "kid:base64key,kid2:base64key" into (id, 32-byte key) pairs, first one primary."""
    ring = []
    for item in (part.strip() for part in spec.split(",")):
        if not item:
            continue
        kid, _, encoded = item.partition(":")
        try:
            key = base64.urlsafe_b64decode(encoded + "=" * (-len(encoded) % 4))
        except ValueError as exc:
            raise KeyRingError(f"Encryption key {kid!r} is not base64.") from exc
        if len(key) != 32 or not kid.isalnum():
            raise KeyRingError(f"Encryption key {kid!r} must be an alphanumeric id and 32 bytes.")
        ring.append((kid, key))
    if not ring:
        raise KeyRingError("No encryption key is configured (PORTAL_ENCRYPTION_KEYS).")
    return ring


def _ring() -> list[tuple[str, bytes]]:
    """The app's key ring, parsed once per app."""
    ext = current_app.extensions
    if "portal_key_ring" not in ext:
        ext["portal_key_ring"] = parse_key_ring(current_app.config["ENCRYPTION_KEYS"])
    return ext["portal_key_ring"]


def encrypt_text(plain: str, context: str = "") -> str:
    """Encrypt a string with the primary key; `context` binds it to where it is stored."""
    kid, key = _ring()[0]
    nonce = os.urandom(12)
    sealed = AESGCM(key).encrypt(nonce, plain.encode(), context.encode())
    return f"v1.{kid}.{base64.urlsafe_b64encode(nonce + sealed).decode()}"


def decrypt_text(token: str, context: str = "") -> str:
    """Decrypt a value written by encrypt_text with whichever ring key it names."""
    try:
        version, kid, payload = token.split(".", 2)
        raw = base64.urlsafe_b64decode(payload)
    except ValueError as exc:
        raise KeyRingError("Stored value is not in the encrypted format.") from exc
    keys = dict(_ring())
    if version != "v1" or kid not in keys:
        raise KeyRingError(f"No key {kid!r} in the key ring to decrypt this value.")
    return AESGCM(keys[kid]).decrypt(raw[:12], raw[12:], context.encode()).decode()


def encrypt_json(value: Any, context: str = "") -> str:
    """Encrypt a JSON-serialisable value (answers, drafts)."""
    return encrypt_text(json.dumps(value, ensure_ascii=False, default=str), context)


def decrypt_json(token: str, context: str = "") -> Any:
    """Decrypt a value written by encrypt_json."""
    return json.loads(decrypt_text(token, context))


def blind_index(value: str, purpose: str) -> str:
    """A keyed hash for exact-match search over encrypted data (e.g. an email address)."""
    # The oldest key stays in the ring after a rotation, so indexes keep matching.
    key = hashlib.sha256(b"blind-index:" + _ring()[-1][1]).digest()
    normalised = " ".join(value.casefold().split())
    return hmac.new(key, f"{purpose}:{normalised}".encode(), hashlib.sha256).hexdigest()


def new_key_spec(kid: str = "k1") -> str:
    """A fresh key ring entry, for the deployment docs and `portal new-key`."""
    return f"{kid}:{base64.urlsafe_b64encode(os.urandom(32)).decode()}"
