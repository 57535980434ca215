"""The seeded lists, minimums and the XM Institute reference, as the migration leaves them."""

import csv
import pathlib

from peers.models import ExternalReference, Industry, OrganisationSize, PeerSettings

CSV = pathlib.Path(__file__).resolve().parents[2] / "peers" / "data" / "xmi-stage-distribution.csv"


def test_minimums_default_to_ten_per_segment_and_five_for_everyone(db):
    assert (PeerSettings.current().min_segment, PeerSettings.current().min_everyone) == (10, 5)


def test_sizes_map_every_client_size_band(db):
    from consulting.models import Client

    assert sorted(OrganisationSize.objects.values_list("client_size_band", flat=True)) == sorted(Client.SizeBand.values)
    assert Industry.objects.count() >= 10


def test_xm_institute_references_equal_the_published_csv(db):
    rows = list(csv.DictReader(line for line in CSV.read_text().splitlines() if not line.startswith("#")))
    seeded = {
        ref.year: (
            ref.sample_size,
            [int(s.share) for s in ref.stages.all()],
            [s.number for s in ref.stages.all() if s.derived],
        )
        for ref in ExternalReference.objects.filter(publisher="XM Institute")
    }
    expected = {
        int(row["year"]): (
            int(row["respondents"]),
            [int(row[f"stage{n}_pct"]) for n in range(1, 6)],
            [int(row["derived"].removeprefix("stage"))],
        )
        for row in rows
    }
    assert seeded == expected
