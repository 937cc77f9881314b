"""Demo accounts with known passwords, one per role: for a developer's own machine only.

Created by ``manage.py demo_accounts`` (``make run`` calls it); refused unless the settings allow
it (``DEMO_ACCOUNTS_ALLOWED``: the development and test settings only). An account that already
exists is left as it is: its password is never reset, so a re-run cannot undo a changed password.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.db import transaction

from plans.models import Region
from plans.roles import ADMINISTRATOR, APPROVER, EDITOR, PLANNER, roles_ensure


class DemoAccountsRefused(RuntimeError):
    pass


@dataclass(frozen=True)
class DemoAccount:
    username: str
    password: str
    role: str
    region: str | None = None
    created: bool = False
    division: str | None = None  # a planner attached to a prefecture/province (code), issue 15


DEMO_ACCOUNTS = [
    DemoAccount("admin", "Demo-admin-2026", ADMINISTRATOR),
    DemoAccount("planner", "Demo-planner-2026", PLANNER),
    DemoAccount("approver", "Demo-approver-2026", APPROVER),
    DemoAccount("editor", "Demo-editor-2026", EDITOR, region="克拉玛依市克拉玛依区"),
    # A provincial planner: reads only the Xinjiang counties (克拉玛依区, 巴里坤, 铁门关).
    DemoAccount("planner_xj", "Demo-planner-xj-2026", PLANNER, division="650000"),
]


@transaction.atomic
def demo_accounts_ensure() -> list[DemoAccount]:
    """Create the demo accounts that do not exist yet; existing accounts keep their password."""
    if not settings.DEMO_ACCOUNTS_ALLOWED:
        raise DemoAccountsRefused(
            "演示账号只用于本地开发（DEMO_ACCOUNTS_ALLOWED 未开启）；生产环境请用 createsuperuser 创建管理员。"
        )
    roles_ensure()
    user_model = get_user_model()
    results = []
    for account in DEMO_ACCOUNTS:
        user, created = user_model.objects.get_or_create(username=account.username)
        if created:
            user.is_staff = user.is_superuser = account.role == ADMINISTRATOR
            user.set_password(account.password)
            user.save()
            user.groups.set([Group.objects.get(name=account.role)])
            if account.region:
                region = Region.objects.filter(name=account.region).first()
                if region is not None:
                    region.editors.add(user)
            if account.division:
                from divisions.models import Division

                division = Division.objects.filter(code=account.division).first()
                if division is not None:
                    division.assigned_users.add(user)
        results.append(
            DemoAccount(
                account.username, account.password, account.role, account.region, created, account.division
            )
        )
    return results
