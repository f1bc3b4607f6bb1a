"""Places made coarser for the public: a point snapped to the centre of a grid cell.

Shared by everything that shows where a case is to people who are not staff (Open311,
the map of reports, open data), so that each rounds the same way and none of them can
be compared with another to find the exact place.
"""

import math

METRES_PER_DEGREE = 111_320.0


def rounded(lat: float | None, lon: float | None, metres: int) -> tuple[float | None, ...]:
    """Snap a point to a grid of about `metres`, so the exact place cannot be read back.

    A missing coordinate, or `metres` of 0 or less, leaves the point as it is.
    """
    if lat is None or lon is None or metres <= 0:
        return lat, lon
    lat_step = metres / METRES_PER_DEGREE
    snapped_lat = round(lat / lat_step) * lat_step
    lon_step = metres / (METRES_PER_DEGREE * max(math.cos(math.radians(snapped_lat)), 0.01))
    snapped_lon = round(lon / lon_step) * lon_step
    return round(snapped_lat, 6), round(snapped_lon, 6)
