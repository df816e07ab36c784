"""Text from the public relayed to staff (issue 18, Also: misuse reports e-mailed to every staff
member): addresses in it are written so that no mail client turns them into clickable links —
"hxxps://shop[.]example[.]com/login" — while staff can still read where the reporter points."""

import re

_LINK = re.compile(r"(?i)\b(?:[a-z][a-z0-9+.-]*://)?(?:[a-z0-9-]+\.)+[a-z]{2,}\b(?:[/:?#][^\s<>\"']*)?")
_SCHEME = re.compile(r"(?i)^([a-z][a-z0-9+.-]*)://")


def _defang(match: re.Match) -> str:
    link = match.group(0)
    link = _SCHEME.sub(lambda m: m.group(1).lower().replace("http", "hxxp").replace("ftp", "fxp") + "[://]", link)
    return link.replace(".", "[.]").replace("@", "[at]")


def defang_links(text: str) -> str:
    """`text` with every URL, domain and e-mail address made non-clickable."""
    return _LINK.sub(_defang, text)
