"""Where it is shown: notice screens, their bundles, presence, proof of play and alerts."""
from dataclasses import dataclass

from .alerts import Alerts
from .bundles import BundleCache
from .kiosks import Kiosks
from .pairing import Pairings
from .plays import PlayLog
from .presence import Presence
from .registry import Displays


@dataclass
class Screens:
    displays: Displays
    alerts: Alerts
    bundles: BundleCache
    presence: Presence
    plays: PlayLog
    pairings: Pairings
    kiosks: Kiosks


def open_screens(content):
    """The screens side of a data directory, on top of its Content."""
    alerts = Alerts(content.store, content.orgs)
    return Screens(Displays(content.store, content.orgs), alerts,
                   BundleCache(content.library, alerts, content.orgs), Presence(content.store),
                   PlayLog(content.store), Pairings(), Kiosks(content.store, content.orgs))
