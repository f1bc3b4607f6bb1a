"""The radar chart: an SVG image with a title and description, current against target."""

from commonweal.strategy.charts import Spoke, radar_chart


def chart(**overrides) -> str:
    arguments = {
        "spokes": [Spoke("Collaborate", 2, 4), Spoke("Redesign", None, 3), Spoke("Innovate", 5, 5)],
        "title": "Levels & targets",
        "description": "Three themes <described>",
        "chart_id": "levels",
    } | overrides
    return str(radar_chart(**arguments))


def test_the_chart_is_an_image_named_by_its_title_and_description():
    svg = chart()

    assert svg.startswith('<svg role="img" aria-labelledby="levels-title levels-desc"')
    assert '<title id="levels-title">Levels &amp; targets</title>' in svg
    assert '<desc id="levels-desc">Three themes &lt;described&gt;</desc>' in svg


def test_it_draws_five_rings_a_spoke_and_label_per_theme_and_both_shapes():
    svg = chart()

    assert svg.count("<polygon") == 5 + 2
    assert svg.count("<line") == 3 + 1  # one axis a theme, and the target in the legend
    for label in ("Collaborate", "Redesign", "Innovate", "Current level", "Target"):
        assert f">{label}<" in svg
    assert 'stroke-dasharray="8 5"' in svg


def test_a_long_label_wraps_onto_lines():
    svg = chart(spokes=[Spoke("Information management, assurance and transparency", 1, 2)] * 3)

    assert svg.count("<tspan") >= 3 * 3
