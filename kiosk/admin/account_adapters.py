"""ADAPTERS awaiting branch `auth`: user and token operations content/accounts.py does not offer yet.

Branch `auth` adds user ids, disable/delete, change_password that ends other sessions and
server-side session invalidation. When it lands, each function here becomes a one-line call
to the Accounts method named in its docstring (the lead merges); the pages do not change.
"""
from content.accounts import hash_password
from content.dates import format_moment


def list_users(accounts, scope):
    """Users of the given orgs, by name.  (auth: Accounts.list_users)"""
    return sorted((doc for _, doc in accounts.users.all() if doc.get("org") in scope), key=lambda d: d["name"])


def set_active(accounts, name, active):
    """Disable or re-enable a user; a disabled user's sessions and tokens stop at once, because
    every request looks the user up (Accounts.actor refuses inactive users).  (auth: disable_user)"""
    with accounts.store.writing():
        for doc_id, doc in accounts.users.find(name=name):
            accounts.users.put(doc_id, {**doc, "active": bool(active)})


def reset_password(accounts, name, password):
    """Set a new password.  (auth: change_password, which also ends the user's other sessions)"""
    with accounts.store.writing():
        for doc_id, doc in accounts.users.find(name=name):
            accounts.users.put(doc_id, {**doc, "password": hash_password(password)})


def list_tokens(accounts, user_names):
    """Tokens of these users as (id, doc), newest first, hashes left out.  (auth: list_tokens)"""
    found = [(doc_id, {k: v for k, v in doc.items() if k != "hash"}) for doc_id, doc in accounts.tokens.all()
             if doc.get("user") in user_names]
    return sorted(found, key=lambda t: t[0], reverse=True)


def revoke_token(accounts, token_id, user_names, now):
    """Revoke one token of these users; False when there is none.  (auth: revoke_token)"""
    with accounts.store.writing():
        doc = accounts.tokens.get(token_id)
        if doc is None or doc.get("user") not in user_names:
            return False
        accounts.tokens.put(token_id, {**doc, "revoked": True, "revoked_at": format_moment(now)})
        return True
