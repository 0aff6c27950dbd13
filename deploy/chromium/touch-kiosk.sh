#!/bin/sh
# A resident touch kiosk: as a wall screen, plus touch input and no pinch zoom or swipe-back.
# Usage: touch-kiosk.sh https://zwgk.example.gov.cn/kiosk/<key>
exec chromium \
  --kiosk "${1:?the kiosk URL}" \
  --user-data-dir="${KIOSK_PROFILE:-$HOME/.config/kiosk-touch}" \
  --no-first-run --no-default-browser-check --disable-translate \
  --autoplay-policy=no-user-gesture-required --noerrdialogs --disable-infobars \
  --disable-session-crashed-bubble --disable-component-update --check-for-update-interval=31536000 \
  --touch-events=enabled --disable-pinch --overscroll-history-navigation=0 \
  --disable-features=Translate,TouchpadOverscrollHistoryNavigation --lang=zh-CN
