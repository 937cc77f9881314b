"""The portal's roles as Django groups, and the demo accounts the run command creates."""

from __future__ import annotations

from dataclasses import dataclass

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.db import transaction

from .models import Region

EDITOR = "录入员"
APPROVER = "审核员"
PLANNER = "规划人员"
ADMINISTRATOR = "管理员"
ROLES = [EDITOR, APPROVER, PLANNER, ADMINISTRATOR]


@dataclass(frozen=True)
class DemoAccount:
    username: str
    password: str
    role: str
    region: str | None = None


DEMO_ACCOUNTS = [
    DemoAccount("admin", "Demo-admin-2026", ADMINISTRATOR),
    DemoAccount("planner", "Demo-planner-2026", PLANNER),
    DemoAccount("approver", "Demo-approver-2026", APPROVER),
    DemoAccount("editor", "Demo-editor-2026", EDITOR, region="克拉玛依市克拉玛依区"),
]


@transaction.atomic
def roles_ensure() -> None:
    for name in ROLES:
        Group.objects.get_or_create(name=name)


@transaction.atomic
def demo_accounts_ensure() -> list[DemoAccount]:
    """Create (or reset) one demo account per role; for local runs only."""
    roles_ensure()
    user_model = get_user_model()
    for account in DEMO_ACCOUNTS:
        user, _created = user_model.objects.get_or_create(username=account.username)
        user.is_staff = account.role == ADMINISTRATOR
        user.is_superuser = account.role == ADMINISTRATOR
        user.set_password(account.password)
        user.save()
        user.groups.set([Group.objects.get(name=account.role)])
        if account.region:
            region = Region.objects.filter(name=account.region).first()
            if region is not None:
                region.editors.add(user)
    return DEMO_ACCOUNTS
