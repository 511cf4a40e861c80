#!/usr/bin/env python3
"""Signatures for the adapter tables, computed independently of the C++ code.

  sign_testdata.py twilio AUTH_TOKEN URL 'Name=value&Name=value'   X-Twilio-Signature
  sign_testdata.py meta APP_SECRET BODY_FILE                        X-Hub-Signature-256

Twilio: base64 HMAC-SHA1 over the URL followed by each POST parameter, name then
value, sorted by name. Meta: "sha256=" + hex HMAC-SHA256 over the body's exact bytes.
"""
import base64
import hashlib
import hmac
import sys
import urllib.parse


def twilio(token: str, url: str, form: str) -> str:
    fields = sorted(urllib.parse.parse_qsl(form, keep_blank_values=True))
    data = url + "".join(name + value for name, value in fields)
    return base64.b64encode(hmac.new(token.encode(), data.encode(), hashlib.sha1).digest()).decode()


def meta(secret: str, path: str) -> str:
    with open(path, "rb") as body:
        return "sha256=" + hmac.new(secret.encode(), body.read(), hashlib.sha256).hexdigest()


if __name__ == "__main__":
    kind, *args = sys.argv[1:]
    print(twilio(*args) if kind == "twilio" else meta(*args))
