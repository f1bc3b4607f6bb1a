"""Open311 GeoReport v2 (http://wiki.open311.org/GeoReport_v2) over Commonweal's services.

`urls` routes, `views` stay thin, `params` reads the inputs, `queries` builds the reads,
`submission` turns a POST into one call of `cases.intake.submit`, `serialisers` maps to
the specification's field names and `renderers` writes JSON or XML.
"""
