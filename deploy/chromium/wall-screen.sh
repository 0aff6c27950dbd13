#!/bin/sh
# A wall notice screen: full screen, its own profile, no prompts, autoplay allowed.
# Usage: wall-screen.sh https://zwgk.example.gov.cn/screen/   (the TV then shows a pairing code)
#    or: wall-screen.sh https://zwgk.example.gov.cn/screen/<key>
# HTTPS matters: only a secure origin lets the service worker reload the page while the
# server is away.
exec chromium \
  --kiosk "${1:?the screen URL}" \
  --user-data-dir="${KIOSK_PROFILE:-$HOME/.config/kiosk-screen}" \
  --no-first-run --no-default-browser-check --disable-translate \
  --autoplay-policy=no-user-gesture-required --noerrdialogs --disable-infobars \
  --disable-session-crashed-bubble --disable-component-update --check-for-update-interval=31536000 \
  --disable-pinch --overscroll-history-navigation=0 --disable-features=Translate
