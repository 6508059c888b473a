#!/usr/bin/env bash
# Renders a screenshot of every lesson for its docs page (docs/lessons/img/<lesson>.png), each
# just after the lesson's last step, under a virtual display. `make screenshots` runs it; run it
# again whenever the view or a lesson changes.
set -euo pipefail
cd "$(dirname "$0")/.."
mkdir -p docs/lessons/img
for lesson in scenarios/lessons/*.textproto; do
  name=$(basename "$lesson" .textproto)
  xvfb-run -a -s "-screen 0 1920x1080x24" build/kafkasim view "$lesson" \
    --screenshot "docs/lessons/img/$name.png" --size 1280x800 --no-questions
done
