"""Template filters: the figures library as a template uses it, and the practices list."""

from django.template import Context, Template

from assessments.templatetags.cx import practices


def test_figures_library_renders_each_filter_in_a_template():
    rendered = Template(
        "{% load figures %}{{ a|score }} {{ a|minus:b }} {{ gap|gap_shown }} {{ share|percent }} "
        "{{ change|signed }} {{ a|change_from:b }} {{ missing|score }}"
    ).render(
        Context(
            {
                "a": 8 / 3,
                "b": 2.5,
                "gap": {"target": 4, "score": 8 / 3},
                "share": 0.875,
                "change": -0.25,
                "missing": None,
            }
        )
    )

    assert rendered == "2.66 0.16 1.34 88% −0.25 +0.16 —"


def test_practices_only_when_no_gap_carries_them():
    action = {"dimension_name": "Data", "recommendation": {"title": "Do it"}}
    plan = [{"actions": [action]}, {"actions": []}, {"actions": []}]

    assert practices({"gaps": [], "plan": plan}) == [{"name": "Data", "recommendations": [{"title": "Do it"}]}]
    assert practices({"gaps": [{"key": "data", "recommendations": [{"title": "Do it"}]}], "plan": plan}) == []


def test_practices_listed_when_the_gaps_have_none_of_their_own():
    action = {"dimension_name": "Culture", "recommendation": {"title": "Do it"}}
    plan = [{"actions": [action]}, {"actions": []}, {"actions": []}]

    assert practices({"gaps": [{"key": "data", "recommendations": []}], "plan": plan}) == [
        {"name": "Culture", "recommendations": [{"title": "Do it"}]}
    ]
