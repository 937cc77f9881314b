"""The entry screens on the five real plans: every region and year renders, and each region's
downloaded template uploads back as "all unchanged" (bounds like ＜10.50 and plan cells like 80岁
included)."""

from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from indicators.entry.selectors import plan_years, region_plans
from indicators.models import UploadBatch, ValueChange
from plans.models import Region


def test_every_region_and_year_renders_and_templates_round_trip(client, seeded, admin_user):
    client.force_login(admin_user)
    index = client.get(reverse("entry-index")).content.decode()
    regions = list(Region.objects.filter(plans__isnull=False).distinct())
    assert len(regions) == 5
    history = ValueChange.objects.count()
    for region in regions:
        assert region.name in index
        years = plan_years(region_plans(region))
        assert years, region
        for year in years:
            response = client.get(reverse("entry-form", args=[region.pk, year]))
            assert response.status_code == 200, (region, year)
            assert response.context["page"].rows, (region, year)
        template = client.get(reverse("entry-template", args=[region.pk]))
        data = b"".join(template.streaming_content)
        response = client.post(
            reverse("entry-upload", args=[region.pk]), {"file": SimpleUploadedFile("t.xlsx", data)}
        )
        batch = UploadBatch.objects.filter(region=region).latest("pk")
        assert batch.problems == [], (region, batch.problems)
        assert response.status_code == 302
        assert {row["outcome"] for row in batch.rows} == {"unchanged"}, region
    assert ValueChange.objects.count() == history
