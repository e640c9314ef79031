import io

import pytest

from contacts import seed
from contacts.models import Postcode


@pytest.fixture
def seeded(db, make_municipality):
    """The seed facts plus Füllinsdorf (2825, BL) and Zürich (261, ZH) with their postcodes."""
    # In the order of load_portal_data: the seed (with the cantons), registers, locations.
    seed.load(io.StringIO())
    fuellinsdorf = make_municipality("Füllinsdorf", bfs_number=2825)
    zurich = make_municipality("Zürich", bfs_number=261, canton="ZH", district="Bezirk Zürich")
    Postcode.objects.create(code="4414", locality="Füllinsdorf", municipality=fuellinsdorf)
    Postcode.objects.create(code="8001", locality="Zürich", municipality=zurich)
    seed.link_locations(io.StringIO())
    return {"fuellinsdorf": fuellinsdorf, "zurich": zurich}
