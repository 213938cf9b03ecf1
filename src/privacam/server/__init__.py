"""The web server (``privacam serve``): the API, the operator dashboard, and the public
notice, congestion and rights-request pages.

It sits on top of the store and the rights layer and is driven by one deployment file,
like every other command. Every route declares who may call it (:mod:`.access`); a test
walks the app's own route table and refuses a route that declares nothing.

>>> from privacam.server.access import Role
>>> [role.value for role in Role]
['admin', 'analyst', 'privacy_officer', 'node']
"""
