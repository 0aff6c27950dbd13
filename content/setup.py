"""First start: an empty data dir gets its county org, and the demo content if asked."""
from .demo import load_demo


def ensure_initialised(content, settings, now):
    """Create the county (or the whole demo) when no organisation exists yet; idempotent."""
    with content.store.writing():
        if content.orgs.root() is not None:
            return False
        if settings["KIOSK_DEMO"]:
            load_demo(content, now)
        else:
            content.orgs.create(settings["KIOSK_ORG_CODE"], settings["KIOSK_ORG_NAME"], now=now)
        return True
