#!/usr/bin/env bash
# Git merge driver for the gettext catalogues (see docs/development.md): the union of both sides,
# ours first, so two branches that each add strings merge without a conflict. Run `make messages`
# after the merge to put the entries back in source order and drop obsolete ones.
set -euo pipefail
ours=$1 theirs=$2
msgcat --no-wrap --use-first "$ours" "$theirs" -o "$ours.merged"
mv "$ours.merged" "$ours"
