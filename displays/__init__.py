"""Where it is shown: notice screens, their bundles, presence, proof of play and alerts."""
from dataclasses import dataclass

from .alerts import Alerts
from .bundles import BundleCache
from .kiosks import Kiosks
from .pairing import Pairings
from .plays import PlayLog
from .presence import Presence
from .registry import Displays
from .shared import LocalState


@dataclass
class Screens:
    displays: Displays
    alerts: Alerts
    bundles: BundleCache
    presence: Presence
    plays: PlayLog
    pairings: Pairings
    kiosks: Kiosks


def open_screens(content, shared=None):
    """The screens side of a data directory, on top of its Content; `shared` holds what every
    server process must see alike (presence, pairing codes, acknowledgements)."""
    shared = shared or LocalState()
    alerts = Alerts(content.store, content.orgs, shared)
    return Screens(Displays(content.store, content.orgs), alerts,
                   BundleCache(content.library, alerts, content.orgs), Presence(content.store, shared),
                   PlayLog(content.store), Pairings(shared), Kiosks(content.store, content.orgs))
