"""What is shown: records, their review and publication, the store, search, QR codes."""
from dataclasses import dataclass

from .accounts import Accounts
from .feedback import Feedback
from .library import Library
from .mediafiles import MediaFiles
from .orgs import Orgs
from .popularity import Popularity
from .store import Store


@dataclass
class Content:
    store: Store
    orgs: Orgs
    accounts: Accounts
    library: Library
    feedback: Feedback
    popularity: Popularity
    media: MediaFiles


def open_content(data_dir):
    """Open (creating if needed) the content held in a data directory."""
    store = Store(data_dir)
    orgs = Orgs(store)
    return Content(store, orgs, Accounts(store, orgs), Library(store, orgs), Feedback(store),
                   Popularity(store.root), MediaFiles(store.root))
