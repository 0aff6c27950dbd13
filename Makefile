# One command to install and start the service (make run), one to install the test
# dependencies and run every test (make test). Both make and use a venv in .venv/
# because Debian's Python refuses global pip installs (PEP 668).
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)
# The CJK font printed notices are set in; the server refuses to start without one.
SYSTEM_RUN_PACKAGES := fonts-noto-cjk
SYSTEM_TEST_PACKAGES := chromium fonts-wqy-microhei fonts-noto-cjk poppler-utils redis-server zbar-tools nginx openssl espeak-ng

.PHONY: run test test-fast e2e bench translations system-run-deps system-test-deps clean

$(PY):
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install -q --upgrade pip

$(VENV)/.deps: requirements.txt | $(PY)
	$(PY) -m pip install -q -r requirements.txt
	touch $@

$(VENV)/.test-deps: requirements-test.txt $(VENV)/.deps
	$(PY) -m pip install -q -r requirements-test.txt
	touch $@

## make run: install into .venv and start the service (demo content on first start)
run: $(VENV)/.deps system-run-deps
	$(PY) run.py

## make test: install test dependencies (Python and Debian packages) and run every test:
## the in-process tests on both cores (pytest-xdist), then the servers and browsers two at a
## time, then the ones that time themselves (marked timing) one at a time on a quiet machine
test: $(VENV)/.test-deps system-test-deps
	$(PY) -m pytest -m "not e2e" -n 2
	$(PY) -m pytest -m "e2e and not timing" -n 2
	$(PY) -m pytest -m "e2e and timing"

## make test-fast: unit and API tests only (no real servers or browsers)
test-fast: $(VENV)/.test-deps system-run-deps
	$(PY) -m pytest -m "not e2e and not slow"

## make bench: the benchmarks of bench/ (figures printed, nothing asserted)
bench: $(VENV)/.test-deps
	$(PY) bench/store.py
	$(PY) bench/fanout.py
	$(PY) bench/login_flood.py
	$(PY) bench/notices.py
	$(PY) bench/staff.py
	$(PY) bench/staff_ops.py
	$(PY) bench/search.py
	$(PY) bench/kiosk.py

system-run-deps:
	@[ -f /usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc ] || { \
	  $(SUDO) apt-get update -qq && \
	  DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq --no-install-recommends $(SYSTEM_RUN_PACKAGES) >/dev/null; }

## make translations: extract interface texts, merge the .po catalogues, seed 繁體, compile .mo
translations: $(VENV)/.deps
	$(PY) kiosk/translations/update.py

system-test-deps:
	@missing=""; \
	for cmd in chromium redis-server zbarimg pdftotext pdftoppm nginx openssl espeak-ng; do command -v $$cmd >/dev/null || missing=1; done; \
	fc-list 2>/dev/null | grep -qi wqy || missing=1; \
	[ -f /usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc ] || missing=1; \
	if [ -n "$$missing" ]; then \
	  $(SUDO) apt-get update -qq && \
	  DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq --no-install-recommends $(SYSTEM_TEST_PACKAGES) >/dev/null; \
	fi

clean:
	rm -rf $(VENV) .pytest_cache .hypothesis
