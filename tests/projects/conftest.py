import pytest


@pytest.fixture
def key_project(plan):
    from projects.models import KeyProject, KeyProjectItem

    project = KeyProject.objects.create(
        plan=plan, order=1, label="专栏 2", number=2, title="医疗服务能力提升", line=10
    )
    KeyProjectItem.objects.create(project=project, order=1, text="建设区人民医院住院综合楼")
    KeyProjectItem.objects.create(project=project, order=2, text="建设 3 个社区卫生服务中心")
    return project


@pytest.fixture
def other_project(other_region):
    from projects.models import KeyProject
    from tests.conftest import make_plan

    return KeyProject.objects.create(
        plan=make_plan(other_region), order=1, label="专栏 3", title="他区项目", line=5
    )
