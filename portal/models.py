"""The portal has no models of its own. This module exists because Django sends
post_migrate only to apps with a models module, and the portal's handler
(portal/apps.py) gives the editor groups their permissions after every `migrate`."""
