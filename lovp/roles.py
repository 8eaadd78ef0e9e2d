"""The roles of the application, kept as auth groups so an administrator can assign them."""

SECRETARIAT = "secretariaat"
MEMBER = "lid"

ALL_ROLES = (SECRETARIAT, MEMBER)
