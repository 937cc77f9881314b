"""The portal's roles as Django groups (demo accounts for development: operations/demo.py)."""

from __future__ import annotations

from django.contrib.auth.models import Group
from django.db import transaction

EDITOR = "录入员"
APPROVER = "审核员"
PLANNER = "规划人员"
ADMINISTRATOR = "管理员"
ROLES = [EDITOR, APPROVER, PLANNER, ADMINISTRATOR]


@transaction.atomic
def roles_ensure() -> None:
    for name in ROLES:
        Group.objects.get_or_create(name=name)
