"""Web addresses in input files: `https://` or `http://` with a host name, or `mailto:` an address.

Nothing else is a link the portal will make: no other scheme (`javascript:`, `data:` ...), no
user name or password before the host, no spaces, quotes or angle brackets, no Markdown. Each
refusal says what to change. `URL_PATTERN` says the same, as far as a regex can, for editors
(the JSON Schema) and as the last check here.
"""

from __future__ import annotations

import ipaddress
import re
import unicodedata

# Characters no address may hold as they are: spaces, controls, invisible characters, and those
# RFC 3986 leaves out or keeps for an IPv6 host (a browser would quietly %-encode or drop them).
_INVISIBLE = r"\u061c\u200b-\u200f\u202a-\u202e\u2060\u2066-\u2069\ufeff"
_NEVER = r"\s\x00-\x1f\x7f-\x9f" + _INVISIBLE
_QUOTED = "<>\"'`{}|^\\"
_NOT_IN_URL = _NEVER + "<>\"'`{}|^" + r"\\\[\]"  # no needless escapes: editors may use the u flag
_NOT_ASCII = rf"[^\x00-\x9f\s{_INVISIBLE}]"
_ALNUM = rf"(?:[A-Za-z0-9]|{_NOT_ASCII})"  # any script's letters, for names like münchen.de
_LABEL = rf"{_ALNUM}(?:(?:{_ALNUM}|-)*{_ALNUM})?"
_HOST = rf"{_LABEL}(?:\.{_LABEL})*"
_REST = rf"[^{_NOT_IN_URL}]*"
_PORT = r"(?:[1-9][0-9]{0,3}|[1-5][0-9]{4}|6[0-4][0-9]{3}|65[0-4][0-9]{2}|655[0-2][0-9]|6553[0-5])"  # 1-65535
_LOCAL = rf"(?:[A-Za-z0-9.!#$%&*+/=_~-]|{_NOT_ASCII})+"
URL_PATTERN = (
    rf"^(?:https?://(?:{_HOST}|\[[0-9A-Fa-f:.]+\])(?::{_PORT})?(?:[/?#]{_REST})?"
    rf"|mailto:{_LOCAL}@{_HOST}(?:\?{_REST})?)$"
)
_URL = re.compile(URL_PATTERN)
_MAILTO = re.compile(rf"mailto:{_LOCAL}@(?P<host>[^?]*)(?:\?.*)?")
EXAMPLE = "https://example.org/report.pdf"


def url_problem(text: str, shown: str) -> str | None:
    """Why `text` (without surrounding spaces) is not an address to link to; None if it is one.

    `shown` is the value as a message quotes it.
    """
    if "](" in text or text.startswith(("[", "<")):
        return f"this is written as a Markdown link; give the address alone, like {EXAMPLE}"
    space = re.search(r"\s", text)
    if space is not None:
        return (
            f"a web address cannot contain spaces (character {space.start() + 1}); "
            "write a space that is part of the address as %20"
        )
    if text.startswith("mailto:"):
        return _mailto_problem(text, shown)
    if not text.startswith(("https://", "http://")):
        return f"expected a web address starting https://, got {shown}"
    problem = _web_problem(text)
    if problem is None and not _URL.fullmatch(text):
        return f"expected a web address starting https://, got {shown}"
    return problem


def _web_problem(text: str) -> str | None:
    scheme, rest = text.split("://", 1)
    authority = re.match(r"[^/?#]*", rest)
    assert authority is not None  # `*` matches the empty text too
    host_and_port = authority.group()
    if "@" in host_and_port:
        return "a web address must not carry a user name or password (the part before @); remove it"
    problem = _host_problem(scheme, host_and_port)
    if problem is not None:
        return problem
    start = len(scheme) + 3 + len(host_and_port)
    return _character_problem(text, start)


def _host_problem(scheme: str, host_and_port: str) -> str | None:
    host, port = _split_port(host_and_port)
    if not host:
        return f"the web address has no host name after {scheme}://; write it like {EXAMPLE}"
    if host.startswith("["):  # an IPv6 address: [2001:db8::1]
        valid = host.endswith("]") and _is_ipv6(host[1:-1])
    else:
        valid = _is_host_name(host)
    if not valid:
        return f"the host name {host!r} is not valid; use letters, digits, hyphens and dots, like example.org"
    if port is not None and not re.fullmatch(_PORT, port):
        return f"the port {':' + port!r} is not valid; use a number from 1 to 65535, or leave it out"
    return None


def _split_port(host_and_port: str) -> tuple[str, str | None]:
    """(host, port), the port None when there is no `:` after the host."""
    if host_and_port.startswith("[") and "]:" in host_and_port:
        host, port = host_and_port.split("]:", 1)
        return host + "]", port
    if host_and_port.startswith("["):
        return host_and_port, None
    host, colon, port = host_and_port.partition(":")
    return host, port if colon else None


def _is_ipv6(text: str) -> bool:
    try:
        ipaddress.IPv6Address(text)
    except ValueError:
        return False
    return True


def _is_host_name(host: str) -> bool:
    return len(host) <= 253 and all(_is_label(label) for label in host.split("."))


def _is_label(label: str) -> bool:
    """One part of a host name: letters (of any script) and digits, hyphens between them."""
    if not 0 < len(label) <= 63 or label.startswith("-") or label.endswith("-"):
        return False
    return all(char == "-" or _is_letter_or_digit(char) for char in label)


def _is_letter_or_digit(char: str) -> bool:
    if char.isascii():
        return char.isalnum()
    return unicodedata.category(char)[0] in "LMN"


def _character_problem(text: str, start: int) -> str | None:
    """The first character after the host that must be %-encoded, said with its encoding."""
    for index in range(start, len(text)):
        char = text[index]
        where = f"(character {index + 1}); write it as %{ord(char):02X}"
        if char in "[]":
            return f"the character {char!r} can only be in a web address around an IPv6 address {where}"
        if char in _QUOTED:
            return f"the character {char!r} cannot be in a web address {where}"
    return None


def _mailto_problem(text: str, shown: str) -> str | None:
    address = _MAILTO.fullmatch(text)
    if address is None or not _is_host_name(address.group("host")):
        return f"expected an email address after mailto:, like mailto:safeguarding@example.org, got {shown}"
    problem = _character_problem(text, address.end("host"))
    if problem is None and not _URL.fullmatch(text):
        return f"expected an email address after mailto:, like mailto:safeguarding@example.org, got {shown}"
    return problem
