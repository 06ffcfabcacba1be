"""The OIDC issuer: an RSA-2048 key made at start, its JWKS, and RS256 JWTs shaped like
GitHub Actions' ID tokens."""

from __future__ import annotations

import base64
import hashlib
import json
import time
import uuid
from typing import Any, Dict

from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import padding, rsa


def b64url(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode("ascii")


def _uint(number: int) -> str:
    return b64url(number.to_bytes((number.bit_length() + 7) // 8, "big"))


def stable_id(kind: str, name: str) -> int:
    """A stable small integer for a repository, owner or actor name: the first three bytes of
    SHA-256(``kind:name`` with the name lower-cased), big-endian, plus one (1…16777216)."""
    digest = hashlib.sha256(f"{kind}:{name.lower()}".encode()).digest()
    return int.from_bytes(digest[:3], "big") + 1


class OIDCIssuer:
    """Signs ID tokens for ``issuer`` (``http://127.0.0.1:PORT/oidc``)."""

    TOKEN_LIFETIME = 300

    def __init__(self, issuer: str) -> None:
        self.issuer = issuer
        self._key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
        numbers = self._key.public_key().public_numbers()
        self._jwk = {"kty": "RSA", "n": _uint(numbers.n), "e": _uint(numbers.e), "alg": "RS256", "use": "sig"}
        thumbprint = json.dumps({"e": self._jwk["e"], "kty": "RSA", "n": self._jwk["n"]}, separators=(",", ":"), sort_keys=True)
        self.kid = b64url(hashlib.sha256(thumbprint.encode()).digest())[:32]
        self._jwk["kid"] = self.kid

    def configuration(self) -> Dict[str, Any]:
        return {
            "issuer": self.issuer,
            "jwks_uri": f"{self.issuer}/.well-known/jwks",
            "subject_types_supported": ["public", "pairwise"],
            "response_types_supported": ["id_token"],
            "claims_supported": ["sub", "aud", "exp", "iat", "iss", "jti", "nbf", "ref", "repository", "repository_id",
                                 "repository_owner", "repository_owner_id", "run_id", "run_number", "run_attempt", "actor",
                                 "actor_id", "workflow", "workflow_ref", "workflow_sha", "job_workflow_ref", "job_workflow_sha",
                                 "event_name", "ref_type", "sha", "environment", "runner_environment"],
            "id_token_signing_alg_values_supported": ["RS256"],
            "scopes_supported": ["openid"],
        }

    def jwks(self) -> Dict[str, Any]:
        return {"keys": [dict(self._jwk)]}

    def issue(self, claims: Dict[str, Any], audience: str) -> str:
        """A signed JWT with ``claims`` plus ``iss``, ``aud``, ``iat``, ``nbf``, ``exp``, ``jti``."""
        now = int(time.time())
        payload = {"jti": str(uuid.uuid4()), "aud": audience, "iss": self.issuer, "nbf": now, "iat": now,
                   "exp": now + self.TOKEN_LIFETIME}
        payload.update(claims)
        header = {"alg": "RS256", "typ": "JWT", "kid": self.kid}
        signing_input = b64url(json.dumps(header, separators=(",", ":")).encode()) + "." + \
            b64url(json.dumps(payload, separators=(",", ":")).encode())
        signature = self._key.sign(signing_input.encode("ascii"), padding.PKCS1v15(), hashes.SHA256())
        return signing_input + "." + b64url(signature)
